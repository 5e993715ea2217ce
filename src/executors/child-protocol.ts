/**
 * Messages between the process executor and its child over Node's IPC channel. Logs and
 * metrics go one way; a registry call is a request the parent answers with the same id.
 */
import { ConveyorError, isConveyorError } from "../errors.ts";
import type { LogEntry, RegisterRequest, ResolvedModelVersion, TaskExecution, TaskOutcome } from "./types.ts";

export interface SerializedError {
  message: string;
  hint?: string;
  code?: string;
  /** Only for errors that are not ConveyorErrors (bugs), to keep their trace. */
  stack?: string;
  user: boolean;
}

export type RegistryCall = { op: "resolve"; reference: string } | { op: "register"; request: RegisterRequest };

export type ParentMessage =
  | { type: "execute"; task: TaskExecution }
  | { type: "registry-reply"; id: number; result: ResolvedModelVersion | undefined }
  | { type: "registry-reply"; id: number; error: SerializedError };

export type ChildMessage =
  | { type: "log"; entry: Omit<LogEntry, "time"> & { time: string } }
  | { type: "metric"; name: string; value: number; step: number | undefined }
  | { type: "registry"; id: number; call: RegistryCall }
  | { type: "done"; outcome: TaskOutcome }
  | { type: "failed"; error: SerializedError };

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
