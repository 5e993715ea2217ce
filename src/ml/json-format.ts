import { ConveyorError } from "../errors.ts";

// Saved models outlive the code that wrote them: every one carries a format name and a
// version, and loading refuses anything it does not understand rather than guessing.

export interface Envelope {
  readonly format: string;
  readonly version: number;
}

export function readEnvelope(
  json: unknown,
  { format, version }: Envelope,
): Record<string, unknown> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw corrupt(`expected a JSON object of format "${format}"`);
  }
  const record = json as Record<string, unknown>;
  if (record.format !== format)
    throw corrupt(`expected format "${format}", found ${JSON.stringify(record.format)}`);
  if (record.version !== version) {
    throw corrupt(
      `"${format}" version ${JSON.stringify(record.version)} is not supported (this Conveyor reads version ${version})`,
    );
  }
  return record;
}

export function readNumber(record: Record<string, unknown>, key: string): number {
  const value = record[key];
  if (typeof value !== "number" || !Number.isFinite(value))
    throw corrupt(`"${key}" must be a finite number`);
  return value;
}

export function readNumbers(
  record: Record<string, unknown>,
  key: string,
  length?: number,
): Float64Array {
  const value = record[key];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "number" && Number.isFinite(v))) {
    throw corrupt(`"${key}" must be an array of finite numbers`);
  }
  if (length !== undefined && value.length !== length) {
    throw corrupt(`"${key}" has ${value.length} numbers, expected ${length}`);
  }
  return Float64Array.from(value as number[]);
}

function corrupt(problem: string): ConveyorError {
  return new ConveyorError(
    `cannot load model: ${problem}`,
    "re-train, or load it with the Conveyor version that saved it",
    "corrupt_artifact",
  );
}
