/** Messages between the process executor and its child over Node's IPC channel. */
import type { LogEntry, TaskExecution, TaskOutcome } from "./types.ts";

export type ParentMessage = { type: "execute"; task: TaskExecution };

export interface SerializedError {
  message: string;
  hint?: string;
  code?: string;
  /** Only for errors that are not ConveyorErrors (bugs), to keep their trace. */
  stack?: string;
  user: boolean;
}

export type ChildMessage =
  | { type: "log"; entry: Omit<LogEntry, "time"> & { time: string } }
  | { type: "metric"; name: string; value: number; step: number | undefined }
  | { type: "done"; outcome: TaskOutcome }
  | { type: "failed"; error: SerializedError };
