/** The summary of a run: what `run`, `resume` and `runs show` print. */
import pc from "picocolors";
import type { RunContext } from "../store/tracking-types.ts";
import type { MetadataStore, RunRecord, TaskRecord } from "../store/types.ts";
import { type DataInput, runDataInputs } from "../tracking/inputs.ts";
import { durationText, elapsed, firstLine, shortDigest, statusText, table, taskDuration, timeText } from "../cli/format.ts";

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

/** "code 3f2a9c41 (dirty) on main · node v20.11.0 · conveyor 0.1.0" */
function contextLine(context: RunContext | null): string | undefined {
  if (!context) return undefined;
  const { code, environment } = context;
  const version = !code ? "code not in a git repository" : `code ${code.commit?.slice(0, 8) ?? "(no commit)"}${code.dirty ? " (dirty)" : ""}${code.branch ? ` on ${code.branch}` : ""}`;
  return `${version} · node ${environment.node} · conveyor ${environment.conveyor}`;
}

/** Where a cached task's outputs came from, as the user can look it up: `runs show <run>`. */
function cachedNote(details: RunDetails, task: TaskRecord): string {
  const source = details.cachedFrom[task.id];
  return source ? `from run ${source.runId} task ${source.task}` : `from task ${task.cachedFromTaskId ?? "?"}`;
}

export function renderRun(details: RunDetails, storeLocation: string): string {
  const { run, tasks, metrics } = details;
  const lines = [
    `${pc.bold(`run ${run.id}`)}  ${run.pipelineName}  ${statusText(run.status)}  ${durationText(elapsed(run.startedAt, run.endedAt))}`,
    pc.dim(`started ${timeText(run.startedAt ?? run.createdAt)} · trigger ${run.trigger} · params ${JSON.stringify(run.params)}`),
    pc.dim(`experiment ${run.experiment}${Object.keys(details.tags).length ? ` · tags ${Object.entries(details.tags).map(([k, v]) => `${k}=${v}`).join(" ")}` : ""}`),
  ];
  const context = contextLine(details.context);
  if (context) lines.push(pc.dim(context));
  if (details.inputs.length) {
    lines.push(pc.dim(`inputs ${details.inputs.map((i) => `${i.path ?? `${i.task}.${i.name}`} ${shortDigest(i.digest)}`).join(", ")}`));
  }
  if (run.error) lines.push(pc.red(run.error));
  lines.push("");
  lines.push(
    table([
      [pc.dim("task"), pc.dim("status"), pc.dim("time"), pc.dim("attempts"), pc.dim("note")],
      ...tasks.map((t) => [
        t.name,
        statusText(t.status),
        taskDuration(t),
        String(t.attempts),
        pc.dim(t.status === "cached" ? cachedNote(details, t) : firstLine(t.error)),
      ]),
    ]),
  );
  const metricRows = Object.entries(metrics).flatMap(([task, values]) =>
    Object.entries(values).map(([name, value]) => [task, name, Number.isInteger(value) ? String(value) : value.toFixed(4)]),
  );
  if (metricRows.length) {
    lines.push("", pc.bold("metrics"), table([[pc.dim("task"), pc.dim("metric"), pc.dim("value")], ...metricRows]));
  }
  lines.push("", pc.dim(`stored in ${storeLocation}`));
  return lines.join("\n");
}
