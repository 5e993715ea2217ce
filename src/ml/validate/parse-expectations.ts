import { ConveyorError } from "../../errors.ts";
import type { Expectation } from "./expectation.ts";

type Fields = Record<string, unknown>;

/**
 * Checks that a JSON value (a pipeline parameter, a suite file) is a list of expectations,
 * so a typo in a suite is reported by position and field instead of failing mid-check.
 */
export function parseExpectations(value: unknown): Expectation[] {
  if (!Array.isArray(value)) throw invalid("the expectations must be a list");
  return value.map((item, i) => parseOne(item, `expectation ${i + 1}`));
}

function parseOne(item: unknown, where: string): Expectation {
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    throw invalid(`${where} must be an object with a "kind"`);
  }
  const fields = item as Fields;
  const at = `${where} (${String(fields.kind)})`;
  switch (fields.kind) {
    case "schema":
      return { kind: "schema", columns: columnTypes(fields.columns, at) };
    case "notNull":
      return { kind: "notNull", column: text(fields, "column", at), mostly: optionalNumber(fields, "mostly", at) };
    case "range":
      return { kind: "range", column: text(fields, "column", at), ...bounds(fields, at) };
    case "rowCount":
      return { kind: "rowCount", ...bounds(fields, at) };
    default:
      throw invalid(`${where} has kind ${JSON.stringify(fields.kind)}; the kinds are schema, notNull, range and rowCount`);
  }
}

function columnTypes(value: unknown, at: string): Record<string, "number" | "string"> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid(`${at}: "columns" must map column names to "number" or "string"`);
  }
  for (const [name, type] of Object.entries(value)) {
    if (type !== "number" && type !== "string") {
      throw invalid(`${at}: column "${name}" has type ${JSON.stringify(type)}, expected "number" or "string"`);
    }
  }
  return value as Record<string, "number" | "string">;
}

function text(fields: Fields, key: string, at: string): string {
  const value = fields[key];
  if (typeof value !== "string") throw invalid(`${at}: "${key}" must be a column name`);
  return value;
}

function optionalNumber(fields: Fields, key: string, at: string): number | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number") throw invalid(`${at}: "${key}" must be a number`);
  return value;
}

function bounds(fields: Fields, at: string): { min?: number; max?: number } {
  const min = optionalNumber(fields, "min", at);
  const max = optionalNumber(fields, "max", at);
  return { ...(min !== undefined && { min }), ...(max !== undefined && { max }) };
}

function invalid(message: string): ConveyorError {
  return new ConveyorError(message, "see the Expectation type in src/ml/validate/expectation.ts", "invalid_param");
}
