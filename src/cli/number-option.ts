import { ConveyorError } from "../errors.ts";

/** An option's parser for a plain decimal number; the store checks its range and names the rule. */
export function numberOption(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n)) {
      throw new ConveyorError(`${flag} must be a number, got "${value}"`, `e.g. ${flag} 10`, "invalid_option");
    }
    return n;
  };
}
