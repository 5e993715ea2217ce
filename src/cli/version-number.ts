import { ConveyorError } from "../errors.ts";

/** A model version argument: a whole number from 1. */
export function versionNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) {
    throw new ConveyorError(`version must be a whole number from 1, got "${value}"`, "e.g. conveyor models alias set churn champion 3", "invalid_option");
  }
  return n;
}
