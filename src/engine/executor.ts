/**
 * The executor seam, the interface the engine drives: the engine decides what runs when; an
 * executor only runs one task attempt somewhere (this process, a worker thread, a child
 * process, a remote worker) and reports back. Executors (src/executors) implement it, and
 * whoever builds an Engine gives it one per isolation.
 */
import type { ResolvedArtifact } from "../artifacts/resolved-artifact.ts";
import type { StoredContent } from "../artifacts/types.ts";
import type { ComponentIR, Isolation, TaskOptionsIR } from "../ir/schema.ts";
import type { Json } from "../json.ts";
import type { RegistryHooks } from "../registry/registry-hooks.ts";

export interface LogEntry {
  time: Date;
  level: "debug" | "info" | "warn" | "error";
  stream: "log" | "stdout" | "stderr";
  message: string;
}

/** One attempt of one task, everything serialisable except the signal and the callbacks. */
export interface TaskExecution {
  runId: string;
  taskId: string;
  taskName: string;
  attempt: number;
  /** The attempt's id in the store. */
  attemptId: string;
  /** Project root: component modules are resolved against it. */
  root: string;
  component: ComponentIR;
  /** Resolved input parameter values. */
  params: Record<string, Json>;
  inputs: Record<string, ResolvedArtifact | ResolvedArtifact[]>;
  /** Where each output artifact must be written, and its default media type. */
  outputs: Record<string, { path: string; mediaType: string }>;
  workDir: string;
  timeoutMs: number | undefined;
  memoryMb: number | undefined;
  /** The task's options: where an executor that places work (the queue executor) routes it. */
  options: TaskOptionsIR;
}

export interface TaskHooks {
  /** Aborted on timeout or cancellation. */
  signal: AbortSignal;
  onLog(entry: LogEntry): void;
  onMetric(name: string, value: number, step: number | undefined): void;
  registry: RegistryHooks;
  /**
   * Why the attempt has not started yet, for an executor that waits for somewhere to run it (the
   * queue executor, when no worker with the run's code or the task's resources took it): the
   * task's note says so until it ends.
   */
  onWaiting?(reason: string): void;
}

export interface TaskOutcome {
  /** Output parameter values returned by `run`. */
  params: Record<string, Json>;
  /**
   * Media type and metadata each output artifact was written with, and, from a queue worker
   * on another machine, the content it put in the artifact store itself: the engine records
   * that (after checking its digest) rather than a file in its own staging folder.
   */
  artifacts: Record<string, { mediaType: string; metadata: Record<string, Json>; stored?: StoredContent }>;
}

export interface Executor {
  execute(task: TaskExecution, hooks: TaskHooks): Promise<TaskOutcome>;
  close(): Promise<void>;
}

/** The executor that runs the tasks of each isolation (a component's `isolation` option). */
export type Executors = Record<Isolation, Executor>;
