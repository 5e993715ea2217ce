/**
 * A form field's text as the value of a pipeline parameter, parsed and checked by the very code
 * the CLI's `--param` and the server use (src/ir/params.ts: pure, no server in it), so a mistake
 * is shown beside its field, in the server's words, before anything is sent.
 */
import { parseParamString } from "../../../../src/ir/params.ts";
import type { Json, ParamSpec } from "../../api/types.ts";

export type Parsed = { value: Json } | { error: string };

/** The text a field starts with: the parameter's default, as one would type it after `--param name=`. */
export function initialText(spec: ParamSpec): string {
  // A checkbox has no "unset": unticked is false.
  if (spec.type === "boolean") return String(spec.default === true);
  if (spec.default === undefined || spec.default === null) return "";
  if (spec.type === "json" || spec.type === "list") return JSON.stringify(spec.default);
  return String(spec.default);
}

/** Undefined: the field was left empty for a parameter with a default, which the server applies. */
export function parseParam(name: string, spec: ParamSpec, text: string): Parsed | undefined {
  if (text.trim() === "" && spec.type !== "string") {
    return spec.default !== undefined ? undefined : { error: `parameter "${name}" is required (it has no default)` };
  }
  try {
    return { value: parseParamString(spec, spec.type === "string" ? text : text.trim(), `parameter "${name}"`) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
