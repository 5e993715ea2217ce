/** The summary of a run: its tasks, metrics, cache sources, tags, code version and input data. */
import type { RunContext } from "../store/tracking-types.ts";
import type { MetadataStore, RunRecord, TaskRecord } from "../store/types.ts";
import { type DataInput, runDataInputs } from "../tracking/inputs.ts";

export interface RunDetails {
  run: RunRecord;
  tasks: TaskRecord[];
  /**
   * Latest value of each metric, by task name then metric name. A cached task shows the
   * metrics its source task logged: they describe the outputs it reused.
   */
  metrics: Record<string, Record<string, number>>;
  /** For each cached task (by id): the run and task whose outputs it reused. */
  cachedFrom: Record<string, { runId: string; task: string }>;
  tags: Record<string, string>;
  /** Code version and environment; null for a run recorded before Conveyor kept them. */
  context: RunContext | null;
  /** The data that entered the run, by digest. */
  inputs: DataInput[];
}

export async function runDetails(store: MetadataStore, run: RunRecord): Promise<RunDetails> {
  const tasks = await store.listTasks(run.id);
  const names = new Map(tasks.map((t) => [t.id, t.name]));
  const metrics: RunDetails["metrics"] = {};
  const record = (task: string, name: string, value: number) => {
    metrics[task] ??= {};
    (metrics[task] as Record<string, number>)[name] = value;
  };
  for (const point of await store.listMetrics(run.id)) {
    record(point.taskId ? (names.get(point.taskId) ?? point.taskId) : "(run)", point.name, point.value);
  }
  const cachedFrom: RunDetails["cachedFrom"] = {};
  const sourceMetrics = new Map<string, Awaited<ReturnType<MetadataStore["listMetrics"]>>>();
  for (const t of tasks) {
    const source = t.cachedFromTaskId ? await store.getTask(t.cachedFromTaskId) : undefined;
    if (!source) continue;
    cachedFrom[t.id] = { runId: source.runId, task: source.name };
    if (!sourceMetrics.has(source.runId)) sourceMetrics.set(source.runId, await store.listMetrics(source.runId));
    for (const point of sourceMetrics.get(source.runId) ?? []) {
      if (point.taskId === source.id) record(t.name, point.name, point.value);
    }
  }
  const [tags, context, inputs] = await Promise.all([store.getRunTags(run.id), store.getRunContext(run.id), runDataInputs(store, run.id)]);
  return { run, tasks, metrics, cachedFrom, tags, context: context ?? null, inputs };
}
