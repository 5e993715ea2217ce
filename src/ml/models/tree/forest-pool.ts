import { siblingModule } from "../../../sibling-module.ts";
import { WorkerPool } from "../../worker-pool.ts";

/** The worker threads forests grow on (see worker-pool.ts and grow-forest.ts). */
export const forestPool = new WorkerPool(siblingModule(import.meta.url, "./forest-worker"));

/** Closes the forest workers now rather than after their idle time (e.g. at the end of a test file). */
export function closeForestPool(): Promise<void> {
  return forestPool.close();
}
