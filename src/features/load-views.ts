/** Reads a project's feature views: every FeatureView a TypeScript or JavaScript module exports. */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConveyorError } from "../errors.ts";
import type { FeatureView } from "./feature-view.ts";

function isFeatureView(value: unknown): value is FeatureView {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "featureView";
}

/** The views `file` exports (named exports, or a default export of one view or a list), or those of them named in `only`. */
export async function loadFeatureViews(file: string, only: readonly string[] = []): Promise<FeatureView[]> {
  const path = resolve(file);
  if (!existsSync(path)) throw new ConveyorError(`no such feature views file: ${file}`, "give the module that exports your featureView(...) declarations", "not_found");
  const exports = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  const found = new Map<string, FeatureView>();
  for (const value of Object.values(exports).flatMap((v) => (Array.isArray(v) ? v : [v]))) {
    if (isFeatureView(value)) found.set(value.name, value);
  }
  if (found.size === 0) throw new ConveyorError(`${file} exports no feature view`, "export the result of featureView({...}) from it", "invalid_feature_view");
  for (const name of only) {
    if (!found.has(name)) throw new ConveyorError(`${file} has no feature view "${name}"`, `it has ${[...found.keys()].map((n) => `"${n}"`).join(", ")}`, "not_found");
  }
  return only.length > 0 ? only.map((name) => found.get(name) as FeatureView) : [...found.values()];
}
