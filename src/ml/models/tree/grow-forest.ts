import { mapOnPool } from "../../pool-map.ts";
import { type ForestJob, growForestTree } from "./forest-job.ts";
import { forestPool } from "./forest-pool.ts";
import type { Tree } from "./tree.ts";

/**
 * Grows trees 0..treeCount-1 on `threads` threads: the calling thread and threads - 1
 * workers of the forest pool, sharing the job's memory (see mapOnPool). Each tree depends
 * on its index alone, so the forest is the same for any number of threads.
 */
export function growForest(job: ForestJob, treeCount: number, threads: number): Promise<Tree[]> {
  return mapOnPool(forestPool, job, treeCount, threads, growForestTree);
}
