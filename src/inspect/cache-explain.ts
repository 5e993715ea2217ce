/** Why a task was or was not a cache hit: its key parts against the same task in the previous run. */
import { type CacheKeyParts, explainCacheMiss } from "../engine/cache-key.ts";
import type { PipelineIR } from "../ir/schema.ts";
import type { MetadataStore, RunRecord, TaskRecord, TaskStatus } from "../store/types.ts";

interface TaskRef {
  runId: string;
  task: string;
}

export type CacheExplanation =
  | { verdict: "hit"; source: TaskRef }
  /** The task never got as far as a cache lookup, or runs without one and has not ended. */
  | { verdict: "no-key"; status: TaskStatus; error: string | null }
  | { verdict: "first" }
  /** Compared with `previous`: the parts of the key that changed, or when none did, why it still missed. */
  | { verdict: "miss"; previous: TaskRef; changes: string[]; reason?: string };

/** The same task in the latest earlier run of the pipeline: for a loop iteration, the same iteration. */
async function previousTask(store: MetadataStore, run: RunRecord, task: TaskRecord): Promise<TaskRecord | undefined> {
  const previous = await store.findPreviousTask(run.pipelineName, task.node, run.id);
  if (!previous || previous.name === task.name) return previous;
  return (await store.listTasks(previous.runId)).find((t) => t.name === task.name);
}

async function whyNotReused(store: MetadataStore, run: RunRecord, task: TaskRecord, previous: TaskRecord): Promise<string> {
  if (run.options.noCache) return "the run was started with --no-cache";
  const ir = (await store.getPipeline(run.pipelineDigest))?.ir as PipelineIR | undefined;
  if (ir?.tasks[task.node]?.options.cache === false) return "caching is off for this task (cache: false, or an onExit handler)";
  if (previous.status !== "succeeded" && previous.status !== "cached") {
    return `that task is ${previous.status}, so it left no outputs to reuse`;
  }
  return "its outputs were missing from the artifact store, so the task ran again";
}

export async function explainCache(store: MetadataStore, run: RunRecord, task: TaskRecord): Promise<CacheExplanation> {
  const source = task.cachedFromTaskId ? await store.getTask(task.cachedFromTaskId) : undefined;
  if (task.status === "cached" && source) return { verdict: "hit", source: { runId: source.runId, task: source.name } };
  if (!task.cacheKeyParts) return { verdict: "no-key", status: task.status, error: task.error };
  const previous = await previousTask(store, run, task);
  if (!previous) return { verdict: "first" };
  const ref = { runId: previous.runId, task: previous.name };
  if (!previous.cacheKeyParts) {
    return { verdict: "miss", previous: ref, changes: [], reason: `that task was ${previous.status} before it had a cache key` };
  }
  const changes = explainCacheMiss(previous.cacheKeyParts as unknown as CacheKeyParts, task.cacheKeyParts as unknown as CacheKeyParts);
  if (changes.length > 0) return { verdict: "miss", previous: ref, changes };
  return { verdict: "miss", previous: ref, changes, reason: await whyNotReused(store, run, task, previous) };
}
