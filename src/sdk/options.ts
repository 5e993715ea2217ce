/** Execution options of a component, and their per-call overrides. */

/** Milliseconds, or a string such as "500ms", "10s", "30m", "2h". */
export type Duration = number | string;

export interface RetryPolicy {
  /** Total attempts, the first included (1 = no retry). */
  attempts: number;
  /** Delay before the first retry. Default "1s". */
  backoff?: Duration;
  /** Each further retry waits `factor` times longer. Default 2. */
  factor?: number;
  /** Upper bound of a single delay. Default "5m". */
  maxBackoff?: Duration;
}

export interface Resources {
  /** Memory limit of an isolated task's process (V8 heap), in MiB. */
  memoryMb?: number;
  /** CPU cores the task uses: it holds that many of the run's concurrency slots (at least 1). */
  cpu?: number;
}

export interface ExecutionOptions {
  retry?: RetryPolicy;
  timeout?: Duration;
  /** Reuse outputs of an identical earlier execution. Default true. */
  cache?: boolean;
  /** "inline" runs in the engine's process; "process" in a child process that can be killed. */
  isolation?: "inline" | "process";
  resources?: Resources;
}

/** Overrides given where a component is called in a pipeline. */
export interface TaskOptions extends ExecutionOptions {
  /** The task's name in the pipeline; default: the component's name (suffixed when repeated). */
  name?: string;
}
