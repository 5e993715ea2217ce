/** Finding what a URL names, or a 404 that names what was not found. */
import { ConveyorError } from "../errors.ts";
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
