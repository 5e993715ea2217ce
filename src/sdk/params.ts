/** Parameter specs: typed values passed to tasks, pipelines and conditions. */
import type { Json } from "../json.ts";

export type ParamType = "string" | "number" | "int" | "boolean" | "enum" | "json" | "list" | "file";

/**
 * `V` is the value's TypeScript type; `D` says whether the spec has a default (and so may be
 * omitted at the call site). Both drive the compile-time checks of pipeline wiring.
 */
export interface ParamSpec<V = unknown, D extends boolean = boolean> {
  readonly kind: "param";
  readonly type: ParamType;
  readonly default?: V;
  readonly hasDefault: D;
  readonly description?: string;
  /** Inclusive bounds of a number or int; of the length of a string or list. */
  readonly min?: number;
  readonly max?: number;
  /** A regular expression a string must match. */
  readonly pattern?: string;
  /** The allowed values of an enum. */
  readonly values?: readonly string[];
  /** The spec of each item of a list. */
  readonly item?: ParamSpec;
}

interface Common<V> {
  description?: string;
  default?: V;
}
interface Bounds {
  min?: number;
  max?: number;
}

type WithDefault<O, V> = O & { default: V };

function spec<V, D extends boolean>(type: ParamType, options: object | undefined, extra?: object): ParamSpec<V, D> {
  const o = (options ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = { kind: "param", type, hasDefault: o.default !== undefined };
  for (const key of ["description", "min", "max", "pattern"] as const) {
    if (o[key] !== undefined) out[key] = o[key];
  }
  if (extra) Object.assign(out, extra);
  if (o.default !== undefined) out.default = o.default;
  return out as unknown as ParamSpec<V, D>;
}

function string(options: WithDefault<Common<string> & Bounds & { pattern?: string }, string>): ParamSpec<string, true>;
function string(options?: Common<string> & Bounds & { pattern?: string }): ParamSpec<string, false>;
function string(options?: Common<string> & Bounds & { pattern?: string }) {
  return spec("string", options);
}

function number(options: WithDefault<Common<number> & Bounds, number>): ParamSpec<number, true>;
function number(options?: Common<number> & Bounds): ParamSpec<number, false>;
function number(options?: Common<number> & Bounds) {
  return spec("number", options);
}

function int(options: WithDefault<Common<number> & Bounds, number>): ParamSpec<number, true>;
function int(options?: Common<number> & Bounds): ParamSpec<number, false>;
function int(options?: Common<number> & Bounds) {
  return spec("int", options);
}

function boolean(options: WithDefault<Common<boolean>, boolean>): ParamSpec<boolean, true>;
function boolean(options?: Common<boolean>): ParamSpec<boolean, false>;
function boolean(options?: Common<boolean>) {
  return spec("boolean", options);
}

function enumOf<const E extends readonly [string, ...string[]]>(
  values: E,
  options: WithDefault<Common<E[number]>, E[number]>,
): ParamSpec<E[number], true>;
function enumOf<const E extends readonly [string, ...string[]]>(
  values: E,
  options?: Common<E[number]>,
): ParamSpec<E[number], false>;
function enumOf(values: readonly string[], options?: Common<string>) {
  return spec("enum", options, { values: [...values] });
}

function json<T extends Json = Json>(options: WithDefault<Common<T>, T>): ParamSpec<T, true>;
function json<T extends Json = Json>(options?: Common<T>): ParamSpec<T, false>;
function json(options?: Common<Json>) {
  return spec("json", options);
}

function list<V>(item: ParamSpec<V>, options: WithDefault<Common<V[]> & Bounds, V[]>): ParamSpec<V[], true>;
function list<V>(item: ParamSpec<V>, options?: Common<V[]> & Bounds): ParamSpec<V[], false>;
function list(item: ParamSpec, options?: Common<unknown[]> & Bounds) {
  return spec("list", options, { item });
}

/**
 * A path to a file read by the task. A relative path is taken from the project root, and
 * `run` receives it absolute. The file's content digest is part of the cache key, so editing
 * the file is a cache miss (a plain string path would reuse stale results). A default of ""
 * means no file: `run` receives "" when the call gives no path.
 */
function file(options: WithDefault<Common<string>, string>): ParamSpec<string, true>;
function file(options?: Common<string>): ParamSpec<string, false>;
function file(options?: Common<string>) {
  return spec("file", options);
}

/** Parameter spec builders: `param.int({ default: 100, min: 1 })`. */
export const param = { string, number, int, boolean, enum: enumOf, json, list, file };
