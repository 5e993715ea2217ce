/** Loads one registered model version for serving: its file checked against the registry's digest first. */
import { readFile } from "node:fs/promises";
import type { ArtifactStore } from "../artifacts/types.ts";
import { ConveyorError } from "../errors.ts";
import { loadModel } from "../ml/load-model.ts";
import { versionNotFound } from "../store/registry-errors.ts";
import type { MetadataStore } from "../store/types.ts";
import { type ServedVersion, servedVersion } from "./served-version.ts";

/** What serving reads from the store: a model's aliases, a version, its artifact. */
export type ServingStore = Pick<MetadataStore, "location" | "getModel" | "getModelVersion" | "getArtifact">;

export interface ModelSource {
  readonly store: ServingStore;
  readonly artifacts: Pick<ArtifactStore, "open">;
}

/**
 * `models:/{name}/{version}`, loaded. A missing version, a file that fails its digest check
 * ("corrupt_artifact"), or an artifact that is not a model is a ConveyorError naming it.
 */
export async function loadServedVersion(source: ModelSource, name: string, version: number): Promise<ServedVersion> {
  const record = await source.store.getModelVersion(name, version);
  if (!record) {
    const model = await source.store.getModel(name);
    throw versionNotFound(name, version, model?.latestVersion ?? 0);
  }
  const artifact = await source.store.getArtifact(record.artifactId);
  if (!artifact) {
    throw new ConveyorError(`the artifact of models:/${name}/${version} is missing from ${source.store.location}`, undefined, "corrupt_artifact");
  }
  if (artifact.type !== "Model") {
    throw new ConveyorError(`models:/${name}/${version} is a ${artifact.type} artifact, not a Model`, "serve a version registered from a Model artifact", "not_a_model");
  }
  const path = await source.artifacts.open(artifact.uri, record.digest);
  const trained = await loadModel(JSON.parse(await readFile(path, "utf8")));
  return servedVersion(name, version, record.digest, trained);
}
