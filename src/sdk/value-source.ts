/** Where a parameter value given in a call comes from, references nested in lists and objects included. */
import { ConveyorError } from "../errors.ts";
import type { Json } from "../json.ts";
import { isRef, ParamRef, type RefSource } from "./refs.ts";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function holdsRef(value: unknown): boolean {
  if (isRef(value)) return true;
  if (Array.isArray(value)) return value.some(holdsRef);
  return isPlainObject(value) && Object.values(value).some(holdsRef);
}

/**
 * A reference's own source; a constant; or, for a list or object with references among its
 * parts (`{ accuracy: p.minAccuracy }`), one the engine assembles when the task is ready.
 * `where` names the value at a path inside it ("" for the whole, ".accuracy", "[2]").
 */
export function valueSource(value: unknown, where: (path: string) => string, path = ""): RefSource {
  if (value instanceof ParamRef) return value.source;
  if (isRef(value)) {
    throw new ConveyorError(
      `${where(path)} is a parameter value but was given an artifact`,
      "pass artifacts to artifact inputs; a parameter can hold only values and parameter references",
      "wrong_input_type",
    );
  }
  if (!holdsRef(value)) return { kind: "constant", value: value as Json };
  if (Array.isArray(value)) return { kind: "array", items: value.map((item, i) => valueSource(item, where, `${path}[${i}]`)) };
  const fields = Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, valueSource(item, where, `${path}.${key}`)]);
  return { kind: "object", fields: Object.fromEntries(fields) };
}
