import { siblingModule } from "../../sibling-module.ts";
import { WorkerPool } from "../worker-pool.ts";

/** The worker threads AutoML scores candidates on (see worker-pool.ts and stage-job.ts). */
export const automlPool = new WorkerPool(siblingModule(import.meta.url, "./automl-worker"));

/** Closes the AutoML workers now rather than after their idle time (e.g. at the end of a test file). */
export function closeAutomlPool(): Promise<void> {
  return automlPool.close();
}
