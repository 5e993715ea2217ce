/** The Argo reference material: the JSON Schema made strict about field names, and the field paths the official examples use. */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";

export const ARGO_REFERENCE = resolve(import.meta.dirname, "fixtures/reference/argo");

type Schema = { [key: string]: unknown };

/**
 * The schema's definitions refuse properties they do not declare: the published schema lets any
 * through, so a misspelt field would validate. Maps of names (labels, resource quantities) keep
 * theirs, declared by `additionalProperties`.
 */
function strict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strict);
  if (node === null || typeof node !== "object") return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === "properties" ? Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, strict(s)])) : strict(v);
  if ("properties" in out && !("additionalProperties" in out)) out.additionalProperties = false;
  return out;
}

export function argoValidator() {
  const schema = JSON.parse(readFileSync(join(ARGO_REFERENCE, "schema.json"), "utf8"));
  const ajv = new Ajv2020({ strict: false, validateFormats: false, logger: false });
  return { published: ajv.compile(schema), strict: new Ajv2020({ strict: false, validateFormats: false, logger: false }).compile(strict(schema) as Schema) };
}

/** Each field path of a document (array items as "[]"), with the JSON types found there. */
export function fieldPaths(doc: unknown, prefix = "", out = new Map<string, Set<string>>()): Map<string, Set<string>> {
  const type = Array.isArray(doc) ? "array" : doc === null ? "null" : typeof doc;
  if (prefix) {
    const seen = out.get(prefix) ?? new Set<string>();
    seen.add(type);
    out.set(prefix, seen);
  }
  if (Array.isArray(doc)) for (const item of doc) fieldPaths(item, `${prefix}[]`, out);
  else if (doc && typeof doc === "object") for (const [k, v] of Object.entries(doc)) fieldPaths(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

/** The field paths of every official example, a Workflow's `spec` being a WorkflowTemplate's too. */
export function exampleFieldPaths(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const file of readdirSync(ARGO_REFERENCE).filter((f) => f.endsWith(".yaml")).sort()) {
    fieldPaths(parse(readFileSync(join(ARGO_REFERENCE, file), "utf8")), "", out);
  }
  return out;
}
