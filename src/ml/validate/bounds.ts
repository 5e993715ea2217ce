import { ConveyorError } from "../../errors.ts";

/** Inclusive bounds, either side optional, shared by the range and row-count checks. */
export interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

/** Refuses bounds that can never be met or that check nothing: both are mistakes in a suite. */
export function checkBounds({ min, max }: Bounds, what: string): void {
  if (min === undefined && max === undefined) {
    throw new ConveyorError(`the ${what} check sets neither min nor max`, "set min, max or both");
  }
  if (min !== undefined && max !== undefined && min > max) {
    throw new ConveyorError(
      `the ${what} check has min ${min} above max ${max}`,
      "swap or fix the bounds",
    );
  }
}

export function withinBounds(value: number, { min, max }: Bounds): boolean {
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

export function describeBounds({ min, max }: Bounds): string {
  if (min !== undefined && max !== undefined) return `between ${min} and ${max}`;
  return min !== undefined ? `at least ${min}` : `at most ${max}`;
}
