/** Canonical JSON: keys sorted, no undefined, so the same IR always has the same bytes and digest. */
import * as crypto from "node:crypto";
import type { PipelineIR } from "./schema.ts";

export function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalize);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonicalize(v);
    }
    return out;
  }
  return value;
}

/**
 * True when `value` serialises to its canonical form as it is: plain objects with their keys
 * in order and no undefined values, all the way down. What `compile` returns is, so checking
 * spares copying a whole pipeline's IR to take its digest.
 */
function isCanonical(value: unknown): boolean {
  if (value === null || typeof value !== "object") return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!isCanonical(item)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  let previous: string | undefined;
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || (previous !== undefined && previous >= key) || !isCanonical(v)) return false;
    previous = key;
  }
  return true;
}

export function canonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(isCanonical(value) ? value : canonicalize(value), null, indent);
}

/**
 * One-shot hashing (Node 20.12+) skips building a Hash object, a good part of the cost of
 * the small digests the engine takes between tasks (cache keys); older Nodes stream.
 */
const hashHex: (text: string) => string =
  typeof crypto.hash === "function"
    ? (text) => crypto.hash("sha256", text, "hex")
    : (text) => crypto.createHash("sha256").update(text).digest("hex");

export function sha256(text: string): string {
  return `sha256:${hashHex(text)}`;
}

/** The digest of a JSON value: sha256 of its canonical form. */
export function jsonDigest(value: unknown): string {
  return sha256(canonicalJson(value));
}

/** The digest that identifies a pipeline's IR, in the store and in cache keys. */
export function irDigest(ir: PipelineIR): string {
  return jsonDigest(ir);
}
