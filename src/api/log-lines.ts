/** Log lines of a run's task attempts, with the task and attempt each came from. */
import type { LogTail, TailLine, TaskLogLine } from "../inspect/log-tail.ts";
import type { LogLine, MetadataStore, TaskRecord } from "../store/types.ts";

export interface ApiLogLine extends Omit<Required<LogLine>, "attemptId" | "seq"> {
  task: string;
  attempt: number;
}

function apiLine(task: string, attempt: number, line: TailLine): ApiLogLine {
  const { id, time, level, stream, message } = line;
  return { id, task, attempt, time, level, stream, message };
}

/** The stored lines of these tasks with ids above `after`, in the order they were stored, at most `limit`. */
export async function storedLines(store: MetadataStore, tasks: TaskRecord[], after: number | undefined, limit: number): Promise<ApiLogLine[]> {
  const attempts = new Map<string, { task: string; number: number }>();
  for (const task of tasks) {
    if (task.attempts === 0) continue;
    for (const a of await store.listAttempts(task.id)) attempts.set(a.id, { task: task.name, number: a.number });
  }
  const lines = await store.readLogs([...attempts.keys()], after, limit);
  return lines.map((line) => {
    const source = attempts.get(line.attemptId) as { task: string; number: number };
    return apiLine(source.task, source.number, line);
  });
}

/** What is new since the previous read, less the lines at or below `after` that the client already has. */
export async function newLines(tail: LogTail, tasks: TaskRecord[], after: number | undefined): Promise<ApiLogLine[]> {
  const fresh: TaskLogLine[] = await tail.next(tasks);
  return fresh.filter((e) => after === undefined || e.line.id > after).map((e) => apiLine(e.task.name, e.attempt, e.line));
}
