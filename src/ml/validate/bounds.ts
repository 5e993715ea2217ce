/**
 * Inclusive bounds, either side optional, shared by the range, statistic and row-count
 * checks. parse-expectations.ts refuses bounds that set neither side or cross.
 */
export interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

export function withinBounds(value: number, { min, max }: Bounds): boolean {
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

export function describeBounds({ min, max }: Bounds): string {
  if (min !== undefined && max !== undefined) return `between ${min} and ${max}`;
  return min !== undefined ? `at least ${min}` : `at most ${max}`;
}
