import { availableParallelism } from "node:os";
import { siblingModule } from "../../sibling-module.ts";
import { WorkerPool } from "../worker-pool.ts";

/** The worker threads drift windows are judged on (see worker-pool.ts and judge-window.ts). */
export const driftPool = new WorkerPool(siblingModule(import.meta.url, "./drift-worker"));

/** Closes the drift workers now rather than after their idle time (e.g. at the end of a test file). */
export function closeDriftPool(): Promise<void> {
  return driftPool.close();
}

/**
 * Starts the drift workers judgeWindow would use with `threads` threads and settles once they
 * are ready: a monitor can pay their start-up (about half a second) before its first window.
 */
export function warmDriftPool(threads = availableParallelism()): Promise<void> {
  return driftPool.warm(threads - 1);
}
