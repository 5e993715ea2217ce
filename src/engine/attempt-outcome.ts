/**
 * What an ended attempt does to its task: the update and records it commits with, and for a
 * failure the retry policy (another attempt after a backoff, or the task fails).
 */
import { isConveyorError } from "../errors.ts";
import type { ComponentIR, TaskIR } from "../ir/schema.ts";
import type { ArtifactRecord, TaskRecord, TaskUpdate } from "../store/types.ts";
import { type AttemptEnv, type AttemptResult, inputLineage, outputLineage, type PreparedTask, registryReadLineage, runAttempt } from "./attempt.ts";
import type { AttemptAbort } from "./attempt-abort.ts";
import type { StagedEffects } from "./batch.ts";
import { errorMessage, TaskCancelledError, TaskTimeoutError } from "./errors.ts";
import type { LogEntry } from "./executor.ts";
import { retryDelayMs } from "./retry.ts";

/** An ended attempt, handed to the next scheduling pass. */
export interface Settled {
  update: TaskUpdate;
  effects: StagedEffects;
  outputs?: Record<string, ArtifactRecord>;
}

export interface EndedAttempt {
  row: TaskRecord;
  attempt: { id: string; number: number };
  prepared: PreparedTask;
  /** Model versions the attempt read from the registry, by URI. */
  reads: ReadonlyMap<string, ArtifactRecord>;
  /** Fields every update ending the attempt carries (its cache key, when recorded at the end). */
  endFields: Partial<TaskUpdate>;
}

export function succeeded({ row, attempt, prepared, reads, endFields }: EndedAttempt, result: AttemptResult): Settled {
  const taskId = row.id;
  return {
    // No error: a note the attempt had while it waited to start is cleared.
    update: { taskId, status: "succeeded", error: null, outputs: result.outputs, endedAt: new Date(), ...endFields },
    effects: {
      finishAttempt: { id: attempt.id, status: "succeeded", error: null },
      lineage: [
        ...inputLineage(taskId, attempt.id, prepared),
        ...registryReadLineage(taskId, attempt.id, reads),
        ...outputLineage(taskId, attempt.id, result.artifacts),
      ],
    },
    outputs: result.artifacts,
  };
}

export interface Failure {
  settled: Settled;
  /** Lines for the attempt's log: the error, and the retry to come if any. */
  log: LogEntry[];
  /** The task failed for good. */
  failed: boolean;
}

export function failed(
  { row, attempt, prepared, reads, endFields }: EndedAttempt,
  error: unknown,
  abort: AttemptAbort,
  retry: {
    task: TaskIR | undefined;
    /** Attempts made of the task in this drive. */
    made: number;
    /** The run is cancelling or failing fast: no retry. */
    stopping: boolean;
  },
): Failure {
  const { aborted, reason } = abort;
  const cancelled = aborted && reason instanceof TaskCancelledError;
  const cause = aborted && reason instanceof TaskTimeoutError ? reason : error;
  const message = cancelled ? "cancelled" : errorMessage(cause);
  const bug = !cancelled && !isConveyorError(cause) && !(cause instanceof TaskTimeoutError);
  const now = new Date();
  const log: LogEntry[] = [{ time: now, level: "error", stream: "log", message: bug && cause instanceof Error ? (cause.stack ?? message) : message }];
  const effects: StagedEffects = {
    finishAttempt: { id: attempt.id, status: cancelled ? "cancelled" : "failed", error: message },
    lineage: [...inputLineage(row.id, attempt.id, prepared), ...registryReadLineage(row.id, attempt.id, reads)],
  };
  if (cancelled) {
    return { settled: { update: { taskId: row.id, status: "cancelled", error: message, endedAt: now, ...endFields }, effects }, log, failed: false };
  }
  const policy = retry.task?.options.retry;
  if (policy && retry.made < policy.attempts && !retry.stopping) {
    const delay = retryDelayMs(policy, retry.made);
    log.push({ time: now, level: "warn", stream: "log", message: `attempt ${attempt.number} failed: ${message}; retrying in ${(delay / 1000).toFixed(1)}s` });
    const update: TaskUpdate = { taskId: row.id, status: "pending", error: message, notBefore: new Date(now.getTime() + delay), ...endFields };
    return { settled: { update, effects }, log, failed: false };
  }
  return { settled: { update: { taskId: row.id, status: "failed", error: message, endedAt: now, ...endFields }, effects }, log, failed: true };
}

/** What ended a launched attempt: its settled change, and whether its task failed for good. */
export interface AttemptEnd {
  settled: Settled;
  failed: boolean;
}

/**
 * Runs a launched attempt to its end and says what it commits: the one way an attempt runs,
 * whether the engine drives the whole run or a workflow engine outside runs one step of it.
 * `endFields` and `retry` are read once the attempt has ended, as the run stands then; the
 * lines a failure adds go to `env.onLog`.
 */
export async function settleAttempt(
  env: Omit<AttemptEnv, "onRegistryRead">,
  row: TaskRecord,
  attempt: { id: string; number: number },
  task: TaskIR,
  component: ComponentIR,
  { prepared, abort }: { prepared: PreparedTask; abort: AttemptAbort },
  endFields: () => Partial<TaskUpdate>,
  retry: () => { made: number; stopping: boolean },
): Promise<AttemptEnd> {
  const reads = new Map<string, ArtifactRecord>();
  const attemptEnv: AttemptEnv = { ...env, onRegistryRead: (uri, artifact) => reads.set(uri, artifact) };
  try {
    const result = await runAttempt(attemptEnv, row, attempt, task, component, prepared, abort);
    return { settled: succeeded({ row, attempt, prepared, reads, endFields: endFields() }, result), failed: false };
  } catch (error) {
    const outcome = failed({ row, attempt, prepared, reads, endFields: endFields() }, error, abort, { task, ...retry() });
    for (const entry of outcome.log) env.onLog(entry);
    return { settled: outcome.settled, failed: outcome.failed };
  }
}
