/**
 * The model registry as a running task sees it (`ctx.registry`): the engine answers its calls
 * against the store, with the task's run and task as the source of what it registers, so the
 * lineage of `models:/name/3` leads back to the task, its run and their inputs.
 */
import type { ResolvedArtifact } from "../artifacts/resolved-artifact.ts";
import { ConveyorError, isConveyorError } from "../errors.ts";
import type { ModelVersionRecord } from "../store/registry-types.ts";
import type { ArtifactRecord, MetadataStore } from "../store/types.ts";
import { signatureOf, trainingMetricsOf } from "./artifact-facts.ts";
import type { RegistryHooks, ResolvedModelVersion } from "./registry-hooks.ts";
import { modelUri, parseModelRef } from "./uri.ts";

export interface RegistryCaller {
  runId: string;
  taskId: string;
  taskName: string;
  /** The task's input artifacts: the only ones it may register. */
  inputs: readonly ArtifactRecord[];
  /** Told of each model version the task reads (by `models:/name/version`), for its lineage. */
  onRead?: (uri: string, artifact: ArtifactRecord) => void;
}

/** Verifies an artifact's content and gives its local path (the engine's verified-input step). */
export type OpenArtifact = (record: ArtifactRecord) => Promise<ResolvedArtifact>;

export function taskRegistry(store: MetadataStore, caller: RegistryCaller, open: OpenArtifact): RegistryHooks {
  const resolved = async (v: ModelVersionRecord, record: ArtifactRecord): Promise<ResolvedModelVersion> => ({
    name: v.model,
    version: v.version,
    uri: modelUri({ name: v.model, version: v.version }),
    digest: v.digest,
    runId: v.runId,
    description: v.description,
    tags: v.tags,
    signature: v.signature,
    metrics: v.metrics,
    aliases: v.aliases,
    artifact: await open(record),
  });

  /** A retried or resumed task finds the version its earlier attempt registered: registering is idempotent per task. */
  const registeredByThisTask = async (name: string, digest: string) =>
    (await store.listModelVersions(name)).find((v) => v.digest === digest && v.runId === caller.runId && v.taskId === caller.taskId);

  return {
    async resolve(reference) {
      const ref = parseModelRef(reference);
      const model = await store.getModel(ref.name);
      const version = "version" in ref ? ref.version : model?.aliases[ref.alias];
      const found = model && version !== undefined ? await store.getModelVersion(ref.name, version) : undefined;
      if (!found) return undefined;
      const record = await store.getArtifact(found.artifactId);
      if (!record) throw new Error(`model version ${modelUri(ref)} refers to artifact ${found.artifactId}, which ${store.location} lacks`);
      const read = await resolved(found, record);
      caller.onRead?.(read.uri, record);
      return read;
    },

    async register(request) {
      const record = caller.inputs.find((a) => a.uri === request.artifactUri);
      if (!record) {
        throw new ConveyorError(
          `task "${caller.taskName}" can register only one of its input artifacts, and ${request.artifactUri} is not one`,
          "pass the model to the task as an input and register that input's handle",
          "invalid_argument",
        );
      }
      try {
        const version = await store.createModelVersion({
          model: request.name,
          runId: caller.runId,
          taskId: caller.taskId,
          artifactId: record.id,
          description: request.description ?? null,
          tags: request.tags ?? {},
          signature: request.signature ?? signatureOf(record.metadata),
          metrics: { ...trainingMetricsOf(record.metadata), ...request.metrics },
          actor: `run:${caller.runId}`,
          ...(request.alias ? { alias: { name: request.alias, reason: request.reason ?? null } } : {}),
        });
        return resolved(version, record);
      } catch (error) {
        const earlier = isConveyorError(error) && error.code === "duplicate_version" ? await registeredByThisTask(request.name, record.digest) : undefined;
        if (!earlier) throw error;
        return resolved(earlier, record);
      }
    },
  };
}
