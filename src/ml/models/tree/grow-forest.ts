import { setImmediate as nextTurn } from "node:timers/promises";
import { type ForestJob, type GrownTree, growForestTree, type TaggedJob } from "./forest-job.ts";
import { forestPool, type PooledWorker } from "./forest-pool.ts";
import type { Tree } from "./tree.ts";

/** Numbers each fit's job, so that workers' answers for an earlier fit are told apart. */
let jobs = 0;

/**
 * Grows trees 0..treeCount-1 on `threads` threads: the calling thread and threads - 1
 * workers of the forest pool, sharing the job's memory.
 *
 * A worker takes about half a second to start, so the calling thread does not wait for the
 * pool's: it grows trees from the start, yielding to the event loop between trees so that
 * workers that are ready, this fit's or a concurrent fit's, are kept fed. Trees are handed
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
  const wanted = Math.min(threads, treeCount) - 1;
  const workers = (wanted > 0 && forestPool.take(wanted)) || [];
  const tagged = { id: ++jobs, job };
  const detachers: (() => void)[] = [];
  let healthy = true;
  try {
    const workersDone = new Promise<void>((resolve, reject) => {
      const store = (index: number, tree: Tree) => {
        trees[index] = tree;
        if (++grown === treeCount) resolve();
      };
      for (const pooled of workers) detachers.push(feed(pooled, tagged, claim, store, reject));
    });
    // Awaited only after this thread's share; until then a worker's failure must not count
    // as an unhandled rejection.
    workersDone.catch(() => {});
    for (let index = claim(); index >= 0; index = claim()) {
      trees[index] = growForestTree(job, index);
      grown++;
      if (wanted > 0) await nextTurn();
    }
    if (grown < treeCount) await workersDone;
    return trees;
  } catch (error) {
    healthy = false;
    throw error;
  } finally {
    for (const detach of detachers) detach();
    if (workers.length > 0) await forestPool.give(healthy);
  }
}

/**
 * Sends a worker the job, then two indices once it is ready and one more for each tree it
 * returns. Returns the function that stops listening to it.
 */
function feed(
  { worker, ready }: PooledWorker,
  tagged: TaggedJob,
  claim: () => number,
  store: (index: number, tree: Tree) => void,
  fail: (error: Error) => void,
): () => void {
  const send = () => {
    const index = claim();
    if (index >= 0) worker.postMessage(index);
  };
  const onMessage = (message: "ready" | GrownTree) => {
    if (message === "ready" || message.id !== tagged.id) return;
    store(message.index, message.tree);
    send();
  };
  const onExit = (code: number) => fail(new Error(`a forest worker exited with code ${code}`));
  worker.on("message", onMessage);
  worker.on("error", fail);
  worker.on("exit", onExit);
  worker.postMessage(tagged);
  ready.then(
    () => {
      send();
      send();
    },
    () => {},
  );
  return () => {
    worker.off("message", onMessage);
    worker.off("error", fail);
    worker.off("exit", onExit);
  };
}
