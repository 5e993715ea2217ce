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
  /** Memory limit of a `process`-isolated task's process (V8 heap), in MiB. */
  memoryMb?: number;
  /** CPU cores the task uses: it holds that many of the run's concurrency slots (at least 1). */
  cpu?: number;
  /** GPUs the task needs: a queue worker takes it only when it declares that many (`conveyor worker --gpu`). */
  gpu?: number;
}

export interface ExecutionOptions {
  retry?: RetryPolicy;
  timeout?: Duration;
  /** Reuse outputs of an identical earlier execution. Default true. */
  cache?: boolean;
  /**
   * Where the task runs. "inline": on the engine's own thread (no start-up cost; for light and
   * I/O-bound work). "thread": on a pool of worker threads, one per core, so CPU-bound tasks
   * compute at once and the engine stays responsive. "process": in a child process, with
   * `resources.memoryMb` as its heap limit. A thread or a process is ended on timeout or cancel.
   */
  isolation?: "inline" | "thread" | "process";
  resources?: Resources;
  /**
   * For `conveyor run --executor queue`: the queue the task is put on (default "default"); a
   * worker takes tasks from the queues it is started with (`conveyor worker --queue`).
   */
  queue?: string;
  /** For the queue executor: 0 (default) to 1000, a higher priority is taken from its queue first. */
  priority?: number;
  /** For the queue executor: at most this many attempts of the component run at once on the workers, across runs. */
  maxParallel?: number;
}

/** Overrides given where a component is called in a pipeline. */
export interface TaskOptions extends ExecutionOptions {
  /** The task's name in the pipeline; default: the component's name (suffixed when repeated). */
  name?: string;
}
