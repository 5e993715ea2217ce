/** What the engine reports while it drives a run, for live progress and streaming. */
import type { RunRecord, TaskRecord } from "../store/types.ts";
import type { LogEntry } from "./executor.ts";

export type EngineEvent =
  | { type: "run"; run: RunRecord }
  | { type: "task"; task: TaskRecord }
  | { type: "log"; task: TaskRecord; attempt: number; entry: LogEntry };
