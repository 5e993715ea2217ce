/** A run's summary as `run`, `resume` and `runs show` print it. */
import pc from "picocolors";
import type { RunDetails } from "../inspect/run-summary.ts";
import type { RunContext } from "../store/tracking-types.ts";
import type { TaskRecord } from "../store/types.ts";
import { durationText, elapsed, firstLine, shortDigest, statusText, table, taskDuration, timeText } from "./format.ts";

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
