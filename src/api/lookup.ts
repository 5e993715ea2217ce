/** Finding what a URL names, or a 404 that names what was not found. */
import { ConveyorError } from "../errors.ts";
import { resolveModel } from "../registry/resolve.ts";
import type { ModelRecord, ModelVersionRecord } from "../store/registry-types.ts";
import { MAX_VERSION } from "./schemas/models.ts";
import { modelNotFound } from "../store/registry-errors.ts";
import type { ExperimentRecord } from "../store/tracking-types.ts";
import type { ArtifactRecord, MetadataStore, RunRecord, TaskRecord } from "../store/types.ts";

export async function runOrFail(store: MetadataStore, id: string): Promise<RunRecord> {
  const run = await store.findRun(id);
  if (!run) throw new ConveyorError(`run "${id}" was not found`, "list runs with GET /api/v1/runs", "not_found");
  return run;
}

export async function taskOrFail(store: MetadataStore, run: RunRecord, name: string): Promise<TaskRecord> {
  const task = (await store.listTasks(run.id)).find((t) => t.name === name || t.id === name);
  if (!task) {
    throw new ConveyorError(`run ${run.id} has no task "${name}"`, `list its tasks with GET /api/v1/runs/${run.id}/tasks`, "not_found");
  }
  return task;
}

/** By record id, or by full digest ("sha256:<hex>"): the content is the same whichever record holds it. */
export async function artifactOrFail(store: MetadataStore, idOrDigest: string): Promise<ArtifactRecord> {
  const artifact = idOrDigest.startsWith("sha256:")
    ? (await store.findArtifactsByDigest(idOrDigest)).find((a) => a.digest === idOrDigest.toLowerCase())
    : await store.getArtifact(idOrDigest);
  if (!artifact) {
    throw new ConveyorError(`artifact "${idOrDigest}" was not found`, "list a run's artifacts with GET /api/v1/runs/<run>/artifacts", "not_found");
  }
  return artifact;
}

export async function taskByIdOrFail(store: MetadataStore, id: string): Promise<TaskRecord> {
  const task = await store.getTask(id);
  if (!task) throw new ConveyorError(`task "${id}" was not found`, "list a run's tasks with GET /api/v1/runs/<run>/tasks", "not_found");
  return task;
}

export async function experimentOrFail(store: MetadataStore, name: string): Promise<ExperimentRecord> {
  const experiment = await store.getExperiment(name);
  if (!experiment) throw new ConveyorError(`experiment "${name}" was not found`, "list experiments with GET /api/v1/experiments", "not_found");
  return experiment;
}

export async function modelOrFail(store: MetadataStore, name: string): Promise<ModelRecord> {
  const model = await store.getModel(name);
  if (!model) throw modelNotFound(name, store.location);
  return model;
}

/** A version by number ("3") or by alias ("champion"): an alias starts with a letter, so the two never meet. */
export function versionOrFail(store: MetadataStore, model: string, version: string): Promise<ModelVersionRecord> {
  const numbered = /^\d+$/.test(version);
  if (numbered && Number(version) > MAX_VERSION) {
    throw new ConveyorError(`version ${version} is out of range`, `versions are numbered from 1 to at most ${MAX_VERSION}`, "invalid_request");
  }
  return resolveModel(store, numbered ? `${model}/${version}` : `${model}@${version}`);
}
