import { ConveyorError } from "../../errors.ts";

// Readers for the fields of a saved preprocessing step. Each refuses what it does not
// understand, as every saved model does (see json-format.ts).

export function readRecord(json: unknown, what: string): Record<string, unknown> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw corruptStep(`${what} must be a JSON object`);
  return json as Record<string, unknown>;
}

export function readStrings(record: Record<string, unknown>, key: string): string[] {
  const value = record[key];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw corruptStep(`"${key}" must be a list of strings`);
  }
  return value as string[];
}

export function readOneOf<T extends string>(record: Record<string, unknown>, key: string, allowed: readonly T[]): T {
  const value = record[key];
  if (!allowed.includes(value as T)) {
    throw corruptStep(`"${key}" is ${JSON.stringify(value)}, expected one of ${allowed.map((a) => `"${a}"`).join(", ")}`);
  }
  return value as T;
}

export function corruptStep(problem: string): ConveyorError {
  return new ConveyorError(
    `cannot load preprocessor: ${problem}`,
    "re-train, or load it with the Conveyor version that saved it",
    "corrupt_artifact",
  );
}
