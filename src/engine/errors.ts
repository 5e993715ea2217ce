/** Why an attempt was aborted: the engine tells a timeout from a cancellation by the reason. */
export class TaskTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs / 1000}s`);
  }
}

export class TaskCancelledError extends Error {
  constructor() {
    super("cancelled");
  }
}

/** A one-line description of an error thrown by a task, for the task record. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const hint = (error as { hint?: string }).hint;
    return hint ? `${error.message} (${hint})` : error.message;
  }
  return String(error);
}
