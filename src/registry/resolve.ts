/** The one way a model reference becomes a model version: the CLI, the API, the SDK and serving all use it. */
import type { ModelVersionRecord } from "../store/registry-types.ts";
import type { MetadataStore } from "../store/types.ts";
import { aliasNotFound, modelNotFound, versionNotFound } from "../store/registry-errors.ts";
import { parseModelRef } from "./uri.ts";

/** `models:/churn/3`, `models:/churn@champion` (or without `models:/`); not_found names what is missing. */
export async function resolveModel(store: Pick<MetadataStore, "location" | "getModel" | "getModelVersion">, reference: string): Promise<ModelVersionRecord> {
  const ref = parseModelRef(reference);
  const model = await store.getModel(ref.name);
  if (!model) throw modelNotFound(ref.name, store.location);
  const version = "version" in ref ? ref.version : model.aliases[ref.alias];
  if (version === undefined) throw aliasNotFound(ref.name, "alias" in ref ? ref.alias : "", Object.keys(model.aliases));
  const found = await store.getModelVersion(ref.name, version);
  if (!found) throw versionNotFound(ref.name, version, model.latestVersion);
  return found;
}
