/** The log lines of a run's tasks from a server: each read asks for the lines stored after the last one seen. */
import { LogLine } from "../api/schemas/logs.ts";
import type { LogSource, TaskLogLine } from "../inspect/log-tail.ts";
import type { TaskRecord } from "../store/types.ts";
import type { ApiClient } from "./http.ts";

export class RemoteLogTail implements LogSource {
  /** Log ids increase in the order lines are stored, across a run's attempts: one cursor follows them all. */
  private after: number | undefined;

  constructor(
    private readonly api: ApiClient,
    private readonly runId: string,
  ) {}

  async next(tasks: TaskRecord[]): Promise<TaskLogLine[]> {
    const byName = new Map(tasks.map((t) => [t.name, t]));
    const [only] = tasks;
    const path =
      tasks.length === 1 && only
        ? `/api/v1/runs/${encodeURIComponent(this.runId)}/tasks/${encodeURIComponent(only.name)}/logs`
        : `/api/v1/runs/${encodeURIComponent(this.runId)}/logs`;
    const lines = await this.api.all(LogLine, path, { after: this.after, limit: 1000 });
    const last = lines.at(-1);
    if (last) this.after = last.id;
    const entries: TaskLogLine[] = [];
    for (const { task: name, attempt, ...line } of lines) {
      const task = byName.get(name);
      if (task) entries.push({ task, attempt, line });
    }
    return entries;
  }
}
