import type { Worker } from "node:worker_threads";
import { spawnWorker } from "./spawn-worker.ts";

/** How long idle workers are kept for the next job before they are closed. */
const IDLE_MS = 30_000;

export interface PooledWorker {
  readonly worker: Worker;
  /** Settles once the worker has loaded its modules and can take work. */
  readonly ready: Promise<void>;
}

/**
 * Worker threads running one entry module, started on first use and kept for the next job
 * (a forest's fit, a drift window): a worker takes about half a second to start (it loads
 * tsx and compiles our modules), which cross-validation, a parameter search or a monitor's
 * windows would otherwise pay every time. The entry says "ready" once loaded. Between jobs
 * the workers are unref'd, so they never keep the process alive, and after IDLE_MS idle they
 * are closed. One job holds the pool at a time; a job that finds it taken does its work on
 * the calling thread alone (its result is the same for any number of threads).
 */
export class WorkerPool {
  private readonly workers: PooledWorker[] = [];
  private taken = false;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly entry: URL) {}

  /** The live workers' thread ids, for diagnostics and tests. */
  get threadIds(): number[] {
    return this.workers.map(({ worker }) => worker.threadId);
  }

  /** `count` workers for one job, or undefined when another job holds the pool. */
  take(count: number): PooledWorker[] | undefined {
    if (this.taken) return undefined;
    this.taken = true;
    clearTimeout(this.idleTimer);
    while (this.workers.length < count) this.workers.push(this.startWorker());
    const taken = this.workers.slice(0, count);
    for (const { worker } of taken) worker.ref();
    return taken;
  }

  /**
   * Starts workers until the pool has `count`, and settles once all of them can take work:
   * a caller that knows work is coming (a monitor before its first window) pays the start-up
   * ahead. Idle, they are closed after IDLE_MS like any others.
   */
  async warm(count: number): Promise<void> {
    if (this.taken) return;
    clearTimeout(this.idleTimer);
    while (this.workers.length < count) this.workers.push(this.startWorker());
    // Held by the process while they start, so that it waits for them.
    for (const { worker } of this.workers) worker.ref();
    await Promise.all(this.workers.map(({ ready }) => ready));
    if (!this.taken) this.idle();
  }

  /** Hands the workers back; after a failure they may hold stale work, so they are closed. */
  async give(healthy: boolean): Promise<void> {
    this.taken = false;
    if (!healthy) return this.close();
    this.idle();
  }

  private idle(): void {
    for (const { worker } of this.workers) worker.unref();
    this.idleTimer = setTimeout(() => void this.close(), IDLE_MS).unref();
  }

  private startWorker(): PooledWorker {
    const worker = spawnWorker(this.entry);
    const ready = new Promise<void>((resolve, reject) => {
      worker.once("message", () => resolve());
      worker.once("error", reject);
    });
    // A worker that fails fails the job using it, through that job's own listeners; this
    // copy of the rejection needs no handler of its own.
    ready.catch(() => {});
    const pooled = { worker, ready };
    // A worker that has died is never handed out again.
    worker.once("exit", () => {
      const at = this.workers.indexOf(pooled);
      if (at >= 0) this.workers.splice(at, 1);
    });
    return pooled;
  }

  /** Terminates every worker; the next job starts new ones. */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const closing = this.workers.splice(0);
    await Promise.all(closing.map(({ worker }) => worker.terminate()));
  }
}
