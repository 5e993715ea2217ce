/** Checking parameter values against their specs: defaults at compile time, values at run time. */
import { ConveyorError } from "../errors.ts";
import type { Json } from "../sdk/json.ts";
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

/** Returns `value` when it fits `spec`, or throws a ConveyorError naming `where` and the rule broken. */
export function checkParamValue(spec: ParamSpecIR, value: unknown, where: string): Json {
  // Only an error shows the value: a list's items are checked one by one, so writing the whole
  // list out up front would make checking it quadratic.
  const got = () => JSON.stringify(value) ?? String(value);
  const wrongType = () => fail(where, `must be ${describeType(spec)}, got ${got()}`);
  const checkBounds = (n: number, what: string) => {
    if (spec.min !== undefined && n < spec.min) fail(where, `must have ${what} at least ${spec.min}, got ${got()}`);
    if (spec.max !== undefined && n > spec.max) fail(where, `must have ${what} at most ${spec.max}, got ${got()}`);
  };
  switch (spec.type) {
    case "number":
    case "int":
      if (typeof value !== "number" || !Number.isFinite(value)) return wrongType();
      if (spec.type === "int" && !Number.isInteger(value)) return wrongType();
      if (spec.min !== undefined && value < spec.min) fail(where, `must be at least ${spec.min}, got ${got()}`);
      if (spec.max !== undefined && value > spec.max) fail(where, `must be at most ${spec.max}, got ${got()}`);
      return value;
    case "file":
      if (typeof value !== "string" || value === "") return wrongType();
      return value;
    case "string":
      if (typeof value !== "string") return wrongType();
      checkBounds(value.length, "a length of");
      if (spec.pattern !== undefined && !new RegExp(spec.pattern).test(value)) {
        fail(where, `must match /${spec.pattern}/, got ${got()}`);
      }
      return value;
    case "boolean":
      return typeof value === "boolean" ? value : wrongType();
    case "enum":
      return typeof value === "string" && (spec.values ?? []).includes(value) ? value : wrongType();
    case "list": {
      if (!Array.isArray(value)) return wrongType();
      checkBounds(value.length, "a length of");
      const item = spec.item;
      return item ? value.map((v, i) => checkParamValue(item, v, `${where}[${i}]`)) : (value as Json[]);
    }
    case "json":
      if (value === undefined) return wrongType();
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
