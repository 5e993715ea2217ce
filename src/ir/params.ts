/** Checking parameter values against their specs: defaults at compile time, values at run time. */
import { ConveyorError } from "../errors.ts";
import type { Json } from "../json.ts";
import type { ParamSpecIR } from "./schema.ts";

function describeType(spec: ParamSpecIR): string {
  if (spec.type === "enum") return `one of ${(spec.values ?? []).map((v) => JSON.stringify(v)).join(", ")}`;
  if (spec.type === "list") return `a list of ${spec.item ? describeType(spec.item) : "values"}`;
  if (spec.type === "int") return "a whole number";
  if (spec.type === "json") return "a JSON value";
  if (spec.type === "file") return "a file path";
  return `a ${spec.type}`;
}

function fail(where: string, message: string): never {
  throw new ConveyorError(`${where} ${message}`, undefined, "invalid_param");
}

/** How a value reads in an error. Only an error shows it: a list's items are checked one by one, so writing the whole list out up front would make checking it quadratic. */
function shown(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function wrongType(spec: ParamSpecIR, value: unknown, where: string): never {
  fail(where, `must be ${describeType(spec)}, got ${shown(value)}`);
}

function checkBounds(spec: ParamSpecIR, n: number, what: string, value: unknown, where: string): void {
  if (spec.min !== undefined && n < spec.min) fail(where, `must have ${what} at least ${spec.min}, got ${shown(value)}`);
  if (spec.max !== undefined && n > spec.max) fail(where, `must have ${what} at most ${spec.max}, got ${shown(value)}`);
}

/**
 * Returns `value` when it fits `spec`, or throws a ConveyorError naming `where` and the rule
 * broken. It runs for every input and output of every task, between one task's end and the
 * next one's start, so it creates no closures.
 */
export function checkParamValue(spec: ParamSpecIR, value: unknown, where: string): Json {
  switch (spec.type) {
    case "number":
    case "int":
      if (typeof value !== "number" || !Number.isFinite(value)) return wrongType(spec, value, where);
      if (spec.type === "int" && !Number.isInteger(value)) return wrongType(spec, value, where);
      if (spec.min !== undefined && value < spec.min) fail(where, `must be at least ${spec.min}, got ${shown(value)}`);
      if (spec.max !== undefined && value > spec.max) fail(where, `must be at most ${spec.max}, got ${shown(value)}`);
      return value;
    case "file":
      if (typeof value !== "string" || value === "") return wrongType(spec, value, where);
      return value;
    case "string":
      if (typeof value !== "string") return wrongType(spec, value, where);
      checkBounds(spec, value.length, "a length of", value, where);
      if (spec.pattern !== undefined && !new RegExp(spec.pattern).test(value)) {
        fail(where, `must match /${spec.pattern}/, got ${shown(value)}`);
      }
      return value;
    case "boolean":
      return typeof value === "boolean" ? value : wrongType(spec, value, where);
    case "enum":
      return typeof value === "string" && (spec.values ?? []).includes(value) ? value : wrongType(spec, value, where);
    case "list": {
      if (!Array.isArray(value)) return wrongType(spec, value, where);
      checkBounds(spec, value.length, "a length of", value, where);
      const item = spec.item;
      return item ? value.map((v, i) => checkParamValue(item, v, `${where}[${i}]`)) : (value as Json[]);
    }
    case "json":
      if (value === undefined) return wrongType(spec, value, where);
      return value as Json;
  }
}

/** Parses a command-line value (`--param trees=200`) into the type its spec wants. */
export function parseParamString(spec: ParamSpecIR, raw: string, where: string): Json {
  let value: unknown = raw;
  if (spec.type === "number" || spec.type === "int") {
    value = raw.trim() === "" ? raw : Number(raw);
    if (Number.isNaN(value)) value = raw;
  } else if (spec.type === "boolean") {
    value = raw === "true" ? true : raw === "false" ? false : raw;
  } else if (spec.type === "json" || spec.type === "list") {
    try {
      value = JSON.parse(raw);
    } catch {
      if (spec.type === "json") fail(where, `must be JSON, got ${raw}`);
      value = raw.split(",").map((part) => (spec.item ? parseParamString(spec.item, part.trim(), where) : part));
    }
  }
  return checkParamValue(spec, value, where);
}

/** Resolves a run's parameters: given values checked, defaults filled in, unknown names refused. */
export function resolveParams(
  specs: Record<string, ParamSpecIR>,
  given: Record<string, unknown>,
  pipelineName: string,
): Record<string, Json> {
  const known = Object.keys(specs);
  for (const key of Object.keys(given)) {
    if (!(key in specs)) {
      throw new ConveyorError(
        `pipeline "${pipelineName}" has no parameter "${key}"`,
        known.length ? `its parameters are: ${known.join(", ")}` : "it takes no parameters",
        "unknown_param",
      );
    }
  }
  const out: Record<string, Json> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const where = `parameter "${key}"`;
    if (given[key] !== undefined) out[key] = checkParamValue(spec, given[key], where);
    else if (spec.default !== undefined) out[key] = spec.default;
    else {
      throw new ConveyorError(`${where} is required`, `pass it, e.g. --param ${key}=<value>`, "missing_param");
    }
  }
  return out;
}
