/**
 * Messages between the engine and a task attempt it runs in isolation: in a child process
 * (over Node's IPC channel) or in a worker thread (over a MessagePort). Logs and metrics go one
 * way; a registry call is a request the engine answers with the same id; the attempt's result
 * comes last, after every log line it wrote.
 */
import { ConveyorError, isConveyorError } from "../errors.ts";
import type { LogEntry, TaskOutcome } from "../engine/executor.ts";
import type { RegisterRequest, ResolvedModelVersion } from "../registry/registry-hooks.ts";

export interface SerializedError {
  message: string;
  hint?: string;
  code?: string;
  /** Only for errors that are not ConveyorErrors (bugs), to keep their trace. */
  stack?: string;
  user: boolean;
}

export type RegistryCall = { op: "resolve"; reference: string } | { op: "register"; request: RegisterRequest };

/** What the engine sends an isolated task. */
export type HostMessage =
  | { type: "registry-reply"; id: number; result: ResolvedModelVersion | undefined }
  | { type: "registry-reply"; id: number; error: SerializedError };

/** How an isolated task ended: the last message it sends. */
export type TaskResult = { type: "done"; outcome: TaskOutcome } | { type: "failed"; error: SerializedError };

/** What an isolated task sends the engine. */
export type TaskMessage =
  | { type: "log"; entry: Omit<LogEntry, "time"> & { time: string } }
  | { type: "metric"; name: string; value: number; step: number | undefined }
  | { type: "registry"; id: number; call: RegistryCall }
  | TaskResult;

/** A line the task wrote to its console, as its log records it. */
export function consoleLine(stream: "stdout" | "stderr", message: string): LogEntry {
  return { time: new Date(), level: stream === "stderr" ? "warn" : "info", stream, message };
}

export function serializeError(error: unknown): SerializedError {
  const e = error as Error & { hint?: string; code?: string };
  const user = isConveyorError(error);
  return { message: e?.message ?? String(error), hint: e?.hint, code: e?.code, stack: user ? undefined : e?.stack, user };
}

/** A user error stays a ConveyorError (its code intact, so callers can tell a duplicate version); a bug keeps its trace. */
export function deserializeError(error: SerializedError): Error {
  return error.user ? new ConveyorError(error.message, error.hint, error.code) : new RemoteError(error);
}

/** An error raised on the other side of the channel (a bug), rebuilt with its original message and trace. */
export class RemoteError extends Error {
  constructor(readonly serialized: SerializedError) {
    super(serialized.message);
    if (serialized.stack) this.stack = serialized.stack;
  }
}
