/**
 * Cache keys: the digest of everything that determines a task's outputs. The parts are kept
 * beside the key so that a miss can be explained part by part.
 */
import { canonicalJson, sha256 } from "../ir/canonical.ts";
import type { ComponentIR } from "../ir/schema.ts";
import type { Json } from "../json.ts";

export interface CacheKeyParts {
  component: { name: string; version: string | null; module: string; export: string; codeDigest: string };
  params: Record<string, Json>;
  /** Content digest of each input artifact (a list for a collected input). */
  inputs: Record<string, string | string[]>;
  /** Content digest of the file each `param.file()` input names ("missing" when absent). */
  files: Record<string, string>;
}

/** Each component's identity, and the identity's canonical JSON, made once: every task of it shares them. */
const identities = new WeakMap<ComponentIR, CacheKeyParts["component"]>();
const identityJson = new WeakMap<CacheKeyParts["component"], string>();

function identity(component: ComponentIR): CacheKeyParts["component"] {
  let found = identities.get(component);
  if (!found) {
    found = {
      name: component.name,
      version: component.version ?? null,
      module: component.module,
      export: component.export,
      codeDigest: component.codeDigest,
    };
    identities.set(component, found);
    identityJson.set(found, canonicalJson(found));
  }
  return found;
}

export function cacheKeyParts(
  component: ComponentIR,
  params: Record<string, Json>,
  inputs: Record<string, string | string[]>,
  files: Record<string, string>,
): CacheKeyParts {
  return { component: identity(component), params, inputs, files };
}

/**
 * The digest of the parts' canonical JSON, written out here so that the component's part is
 * reused: computing a key is on the path from one task's end to the next one's start.
 */
export function cacheKey(parts: CacheKeyParts): string {
  const component = identityJson.get(parts.component) ?? canonicalJson(parts.component);
  const { files, inputs, params } = parts;
  return sha256(`{"component":${component},"files":${canonicalJson(files)},"inputs":${canonicalJson(inputs)},"params":${canonicalJson(params)}}`);
}

const show = (v: unknown) => (v === undefined ? "(none)" : canonicalJson(v));

/** One line per part that differs between an earlier key and a later one. */
export function explainCacheMiss(before: CacheKeyParts, after: CacheKeyParts): string[] {
  const lines: string[] = [];
  for (const key of ["name", "version", "module", "export", "codeDigest"] as const) {
    if (before.component[key] !== after.component[key]) {
      const what = key === "codeDigest" ? "component code changed" : `component ${key} changed`;
      lines.push(`${what}: ${show(before.component[key])} → ${show(after.component[key])}`);
    }
  }
  for (const [group, label] of [
    ["params", "parameter"],
    ["inputs", "input artifact"],
    ["files", "content of input file"],
  ] as const) {
    const was = before[group] ?? {};
    const now = after[group] ?? {};
    const names = new Set([...Object.keys(was), ...Object.keys(now)]);
    for (const name of [...names].sort()) {
      const a = was[name];
      const b = now[name];
      if (canonicalJson(a) !== canonicalJson(b)) lines.push(`${label} "${name}" changed: ${show(a)} → ${show(b)}`);
    }
  }
  return lines;
}
