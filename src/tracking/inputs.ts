/**
 * The data that entered a run, by content digest: files named by `param.file()` inputs (as
 * the cache key recorded them) and input artifacts that no task of the run produced.
 */
import type { Json } from "../json.ts";
import type { MetadataStore } from "../store/types.ts";

/** The parts of a task's cache key (engine/cache-key.ts) that name its input files. */
interface FileKeyParts {
  params?: Record<string, Json>;
  files?: Record<string, string>;
}

export interface DataInput {
  task: string;
  /** The task's input name. */
  name: string;
  kind: "file" | "artifact";
  digest: string;
  /** The file as the parameter named it. */
  path?: string;
}

export async function runDataInputs(store: MetadataStore, runId: string): Promise<DataInput[]> {
  const tasks = await store.listTasks(runId);
  const lineage = await Promise.all(tasks.map((t) => store.taskLineage(t.id)));
  const produced = new Set(lineage.flat().filter((e) => e.kind === "output").map((e) => e.artifactId));
  const inputs: DataInput[] = [];
  tasks.forEach((task, i) => {
    const parts = task.cacheKeyParts as FileKeyParts | null;
    for (const [name, digest] of Object.entries(parts?.files ?? {})) {
      const path = parts?.params?.[name];
      inputs.push({ task: task.name, name, kind: "file", digest, ...(typeof path === "string" ? { path } : {}) });
    }
    for (const event of lineage[i] ?? []) {
      if (event.kind === "input" && !produced.has(event.artifactId)) {
        inputs.push({ task: task.name, name: event.name, kind: "artifact", digest: event.artifact.digest });
      }
    }
  });
  return inputs;
}
