/** Reads the log lines of a run's task attempts incrementally: each read returns what is new. */
import type { LogLine, MetadataStore, TaskRecord } from "../store/types.ts";

/** A stored log line as printed: which attempt it came from is the TaskLogLine's to say. */
export type TailLine = Omit<Required<LogLine>, "attemptId" | "seq">;

export interface TaskLogLine {
  task: TaskRecord;
  attempt: number;
  line: TailLine;
}

/** Where `conveyor logs` reads from: this LogTail over the local store, or a server's log endpoint. */
export interface LogSource {
  /** The lines of these tasks stored since the previous call (all of them on the first). */
  next(tasks: TaskRecord[]): Promise<TaskLogLine[]>;
}

export class LogTail implements LogSource {
  private readonly attempts = new Map<string, { task: TaskRecord; number: number }>();
  /** Attempts listed so far, per task id: a task's attempts are listed again only when it has more. */
  private readonly listed = new Map<string, number>();
  /** Attempts whose lines have been read at least once. */
  private readonly read = new Set<string>();
  private afterId: number | undefined;

  constructor(private readonly store: MetadataStore) {}

  async next(tasks: TaskRecord[]): Promise<TaskLogLine[]> {
    for (const task of tasks) {
      if (task.attempts <= (this.listed.get(task.id) ?? 0)) continue;
      const attempts = await this.store.listAttempts(task.id);
      for (const a of attempts) this.attempts.set(a.id, { task, number: a.number });
      this.listed.set(task.id, attempts.length);
    }
    const ids = [...this.attempts.keys()];
    const lines = await this.store.readLogs(ids, this.afterId);
    // Log ids are shared by all attempts, so an attempt first seen now may have lines at or below
    // the cursor. Those were stored before the lines already read, hence come first.
    const fresh = ids.filter((id) => !this.read.has(id));
    const cursor = this.afterId;
    if (cursor !== undefined && fresh.length > 0) {
      lines.unshift(...(await this.store.readLogs(fresh)).filter((l) => l.id <= cursor));
    }
    for (const id of fresh) this.read.add(id);
    const last = lines.at(-1);
    if (last) this.afterId = Math.max(last.id, this.afterId ?? 0);
    return lines.map((line) => {
      const source = this.attempts.get(line.attemptId) as { task: TaskRecord; number: number };
      return { task: source.task, attempt: source.number, line };
    });
  }
}
