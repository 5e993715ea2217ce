import { setImmediate as nextTurn } from "node:timers/promises";
import type { Worker } from "node:worker_threads";
import { type ForestJob, growForestTree } from "./forest-job.ts";
import { spawnTypeScriptWorker } from "./spawn-worker.ts";
import type { Tree } from "./tree.ts";

/**
 * Grows trees 0..treeCount-1 on `threads` threads: the calling thread and threads - 1
 * worker threads sharing the job's memory.
 *
 * A worker takes about half a second to start (it loads tsx and compiles our modules), so
 * the calling thread does not wait for it: it grows trees from the start, yielding to the
 * event loop between trees so that workers that have come up are kept fed. Trees are handed
 * out one index at a time (deep trees vary in cost, so a fixed share would leave threads
 * idle), each worker holding one spare so it never waits for the calling thread. Trees are
 * stored by index, and each depends on its index alone: the forest is the same for any
 * number of threads, and a small forest is never slower than on one thread.
 */
export async function growForest(
  job: ForestJob,
  treeCount: number,
  threads: number,
): Promise<Tree[]> {
  const trees = new Array<Tree>(treeCount);
  let next = 0;
  let grown = 0;
  const claim = () => (next < treeCount ? next++ : -1);
  const workers = Array.from({ length: Math.min(threads, treeCount) - 1 }, () =>
    spawnTypeScriptWorker(new URL("./forest-worker.ts", import.meta.url), job),
  );
  try {
    const workersDone = new Promise<void>((resolve, reject) => {
      for (const worker of workers) {
        feed(worker, claim, (index, tree) => {
          trees[index] = tree;
          if (++grown === treeCount) resolve();
        });
        worker.on("error", reject);
        worker.on("exit", (code) => {
          if (grown < treeCount) reject(new Error(`a forest worker exited with code ${code}`));
        });
      }
    });
    // Awaited only after this thread's share; until then a worker's failure must not count
    // as an unhandled rejection.
    workersDone.catch(() => {});
    for (let index = claim(); index >= 0; index = claim()) {
      trees[index] = growForestTree(job, index);
      grown++;
      if (workers.length > 0) await nextTurn();
    }
    if (grown < treeCount) await workersDone;
    return trees;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** Sends a worker two indices when it is ready, then one more for each tree it returns. */
function feed(
  worker: Worker,
  claim: () => number,
  store: (index: number, tree: Tree) => void,
): void {
  const send = () => {
    const index = claim();
    if (index >= 0) worker.postMessage(index);
  };
  worker.on("message", (message: "ready" | { index: number; tree: Tree }) => {
    if (message === "ready") {
      send();
      send();
    } else {
      store(message.index, message.tree);
      send();
    }
  });
}
