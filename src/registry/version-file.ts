/** Where a registered model version's file is on this machine: what `models download` copies and `loadRegisteredModel` reads. */
import type { ArtifactStore } from "../artifacts/types.ts";
import { ConveyorError } from "../errors.ts";
import type { ModelVersionRecord } from "../store/registry-types.ts";
import type { ArtifactRecord, MetadataStore } from "../store/types.ts";
import { resolveModel } from "./resolve.ts";

export interface ModelVersionFile {
  version: ModelVersionRecord;
  artifact: ArtifactRecord;
  /** A local path holding the artifact's content, checked against its digest. */
  path: string;
}

/** `models:/churn@champion` or `models:/churn/3` (or without `models:/`) to its verified file. */
export async function modelVersionFile(
  store: Pick<MetadataStore, "location" | "getModel" | "getModelVersion" | "getArtifact">,
  artifacts: Pick<ArtifactStore, "open">,
  reference: string,
): Promise<ModelVersionFile> {
  const version = await resolveModel(store, reference);
  const artifact = await store.getArtifact(version.artifactId);
  if (!artifact) {
    // The registry keeps the artifact a version names (gc and deletion refuse to remove it).
    throw new ConveyorError(`the artifact of models:/${version.model}/${version.version} is missing from ${store.location}`, undefined, "corrupt_artifact");
  }
  return { version, artifact, path: await artifacts.open(artifact.uri, artifact.digest) };
}
