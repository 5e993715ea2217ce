/**
 * Whether `conveyor resume` could end a run differently, so the CLI offers it only then. A
 * run that was stopped (cancelled, a task left unfinished) resumes where it stopped. A task
 * that failed on what the machine did to it (a time limit, a killed process, a full disk, a
 * folder it may not write) may pass on another try. A task that failed on an error of its own,
 * every attempt its retry policy allowed, fails the same way again: the user must fix the
 * code or the data first.
 */
import type { RunRecord, TaskRecord } from "../store/types.ts";

/**
 * What the engine, the executors and the stores record for such failures (src/engine/errors.ts,
 * src/executors/process.ts, src/store/sqlite/errors.ts, src/artifacts/local.ts).
 */
const MACHINE_FAILURE = /timed out after |its process was killed by |ran out of memory|\(SQLITE_FULL\)|\bENOSPC\b|\((EACCES|EPERM|EROFS) at /;

export function resumeCanHelp(run: RunRecord, tasks: readonly TaskRecord[]): boolean {
  if (run.status === "cancelled" || run.status === "running" || run.status === "pending") return true;
  if (run.status !== "failed") return false;
  if (tasks.some((t) => t.status === "pending" || t.status === "running" || t.status === "cancelled")) return true;
  return tasks.some((t) => t.status === "failed" && MACHINE_FAILURE.test(t.error ?? ""));
}
