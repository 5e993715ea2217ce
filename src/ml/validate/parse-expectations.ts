import { ConveyorError } from "../../errors.ts";
import { type DriftMethod, driftOptionsProblem } from "../drift/drift-method.ts";
import type { ColumnType } from "../table.ts";
import { compilePattern } from "./compile-pattern.ts";
import type { Expectation, ExpectationKind } from "./expectation.ts";

type Fields = Record<string, unknown>;

/** The fields each kind accepts besides "kind"; anything else is a typo worth reporting. */
const fieldsOf: Readonly<Record<ExpectationKind, readonly string[]>> = {
  exists: ["column"],
  schema: ["columns"],
  notNull: ["column", "mostly"],
  range: ["column", "min", "max"],
  inSet: ["column", "values"],
  unique: ["column"],
  matches: ["column", "pattern", "flags"],
  mean: ["column", "min", "max"],
  std: ["column", "min", "max"],
  quantile: ["column", "q", "min", "max"],
  rowCount: ["min", "max"],
  sameDistribution: ["column", "method", "threshold"],
  noDrift: ["columns", "method", "threshold", "driftShare"],
};

/** Every expectation kind, in the order the README lists them. */
export const expectationKinds = Object.keys(fieldsOf) as ExpectationKind[];

/**
 * Checks that a value (a JSON suite file, a pipeline parameter, or a suite written in
 * TypeScript, which validateTable passes through here too) is a list of well-formed
 * expectations, so a mistake is reported by position and field before any check runs:
 * an unknown kind or field, a wrong type, bounds that cross or are missing, a fraction
 * outside [0, 1], a regular expression that does not compile, an unknown drift method.
 */
export function parseExpectations(value: unknown): Expectation[] {
  if (!Array.isArray(value)) throw invalid("the expectations must be a list");
  return value.map((item, i) => parseExpectation(item, `expectation ${i + 1}`));
}

function parseExpectation(item: unknown, where: string): Expectation {
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    throw invalid(`${where} must be an object with a "kind"`);
  }
  const fields = item as Fields;
  const kind = fields.kind;
  if (typeof kind !== "string" || !Object.hasOwn(fieldsOf, kind)) throw unknownKind(kind, where);
  const known = kind as ExpectationKind;
  const at = `${where} (${kind}${typeof fields.column === "string" ? ` "${fields.column}"` : ""})`;
  for (const key of Object.keys(fields)) {
    if (key !== "kind" && !fieldsOf[known].includes(key)) {
      throw invalid(`${at}: unknown field "${key}"; ${kind} takes ${list(fieldsOf[known].map((f) => `"${f}"`))}`);
    }
  }
  return parseFields(known, fields, at);
}

function parseFields(kind: ExpectationKind, fields: Fields, at: string): Expectation {
  const column = () => text(fields, "column", at);
  switch (kind) {
    case "exists":
    case "unique":
      return { kind, column: column() };
    case "schema":
      return { kind, columns: columnTypes(fields.columns, at) };
    case "notNull": {
      const mostly = fraction(fields, "mostly", at);
      return { kind, column: column(), ...(mostly !== undefined && { mostly }) };
    }
    case "range":
    case "mean":
    case "std":
      return { kind, column: column(), ...bounds(fields, at) };
    case "quantile": {
      const q = fraction(fields, "q", at);
      if (q === undefined) {
        throw invalid(`${at}: "q" must be the quantile to check, between 0 and 1 (0.5 is the median)`);
      }
      return { kind, column: column(), q, ...bounds(fields, at) };
    }
    case "rowCount":
      return { kind, ...bounds(fields, at) };
    case "inSet":
      return { kind, column: column(), values: allowedValues(fields.values, at) };
    case "matches": {
      const pattern = text(fields, "pattern", at, "a regular expression");
      const flags = fields.flags === undefined ? undefined : text(fields, "flags", at, "regular expression flags");
      compilePattern(pattern, flags, at);
      return { kind, column: column(), pattern, ...(flags !== undefined && { flags }) };
    }
    case "sameDistribution":
      return { kind, column: column(), ...driftOptions(fields, at) };
    case "noDrift": {
      const driftShare = optionalNumber(fields, "driftShare", at);
      if (driftShare !== undefined && !(driftShare > 0 && driftShare <= 1)) {
        throw invalid(`${at}: "driftShare" is ${driftShare}; give a share of columns above 0 and at most 1`);
      }
      const columns = fields.columns === undefined ? undefined : columnNames(fields.columns, at);
      return {
        kind,
        ...(columns !== undefined && { columns }),
        ...driftOptions(fields, at),
        ...(driftShare !== undefined && { driftShare }),
      };
    }
  }
}

function unknownKind(kind: unknown, where: string): ConveyorError {
  const near = typeof kind === "string" ? expectationKinds.find((k) => k.toLowerCase() === kind.toLowerCase()) : undefined;
  const suggestion = near ? ` (did you mean "${near}"?)` : "";
  return invalid(`${where} has kind ${JSON.stringify(kind)}${suggestion}; the kinds are ${list(expectationKinds)}`);
}

function columnTypes(value: unknown, at: string): Record<string, ColumnType> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid(`${at}: "columns" must map column names to "number" or "string"`);
  }
  for (const [name, type] of Object.entries(value)) {
    if (type !== "number" && type !== "string") {
      throw invalid(`${at}: column "${name}" has type ${JSON.stringify(type)}, expected "number" or "string"`);
    }
  }
  return value as Record<string, ColumnType>;
}

function columnNames(value: unknown, at: string): string[] {
  if (!Array.isArray(value) || !value.every((name) => typeof name === "string")) {
    throw invalid(`${at}: "columns" must be a list of column names`);
  }
  return value;
}

function allowedValues(value: unknown, at: string): (string | number)[] {
  const ok = (v: unknown) => typeof v === "string" || (typeof v === "number" && Number.isFinite(v));
  if (!Array.isArray(value) || value.length === 0 || !value.every(ok)) {
    throw invalid(`${at}: "values" must be a non-empty list of the allowed strings or numbers`);
  }
  return value;
}

function text(fields: Fields, key: string, at: string, what = "a column name"): string {
  const value = fields[key];
  if (typeof value !== "string" || value === "") throw invalid(`${at}: "${key}" must be ${what}`);
  return value;
}

function optionalNumber(fields: Fields, key: string, at: string): number | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw invalid(`${at}: "${key}" must be a number, got ${JSON.stringify(value)}`);
  }
  return value;
}

function fraction(fields: Fields, key: string, at: string): number | undefined {
  const value = optionalNumber(fields, key, at);
  if (value !== undefined && !(value >= 0 && value <= 1)) {
    throw invalid(`${at}: "${key}" is ${value}; give a fraction between 0 and 1`);
  }
  return value;
}

function bounds(fields: Fields, at: string): { min?: number; max?: number } {
  const min = optionalNumber(fields, "min", at);
  const max = optionalNumber(fields, "max", at);
  if (min === undefined && max === undefined) throw invalid(`${at}: sets neither "min" nor "max"; set one or both`);
  if (min !== undefined && max !== undefined && min > max) {
    throw invalid(`${at}: "min" ${min} is above "max" ${max}; swap or fix the bounds`);
  }
  return { ...(min !== undefined && { min }), ...(max !== undefined && { max }) };
}

function driftOptions(fields: Fields, at: string): { method?: DriftMethod; threshold?: number } {
  const { method, threshold } = fields;
  const problem = driftOptionsProblem(method, threshold);
  if (problem) throw invalid(`${at}: ${problem}`);
  return {
    ...(method !== undefined && { method: method as DriftMethod }),
    ...(threshold !== undefined && { threshold: threshold as number }),
  };
}

/** "a, b and c". */
function list(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function invalid(message: string): ConveyorError {
  return new ConveyorError(message, "see the Expectation type in src/ml/validate/expectation.ts", "invalid_param");
}
