import { setImmediate as nextTurn } from "node:timers/promises";
import { ConveyorError, isConveyorError } from "../errors.ts";
import type { PooledWorker, WorkerPool } from "./worker-pool.ts";

/** A job as a pool worker receives it, tagged so that an answer for an earlier job is never taken for this one. */
export interface TaggedJob<Job> {
  readonly id: number;
  readonly job: Job;
}

/** A worker's answer for one index: the result, or the user error the work met (see pool-worker.ts). */
export interface PoolAnswer<Result> {
  readonly id: number;
  readonly index: number;
  readonly result?: Result;
  readonly error?: { readonly message: string; readonly hint?: string; readonly code: string };
}

/** Numbers each job, so that workers' answers for an earlier job are told apart. */
let jobs = 0;

/**
 * run(job, i) for i = 0..count-1 on `threads` threads: the calling thread and threads - 1
 * workers of the pool, which receive the job once (its big arrays in shared memory) and
 * then one index at a time. `run` may be asynchronous (a candidate model's fit is).
 *
 * A worker takes about half a second to start, so the calling thread does not wait for the
 * pool's: it works from the start, yielding to the event loop between indices so that
 * workers that are ready, this job's or a concurrent job's, are kept fed. Indices are handed
 * out one at a time (their costs vary, so a fixed share would leave threads idle), each
 * worker holding one spare so it never waits for the calling thread. Results are stored by
 * index, and each depends on its index alone: the results are the same for any number of
 * threads, and a small job is never slower than on one thread. A user error met by a
 * worker is thrown here as it would have been on the calling thread.
 */
export async function mapOnPool<Job, Result>(
  pool: WorkerPool,
  job: Job,
  count: number,
  threads: number,
  run: (job: Job, index: number) => Result | Promise<Result>,
): Promise<Result[]> {
  const results = new Array<Result>(count);
  let next = 0;
  let done = 0;
  const claim = () => (next < count ? next++ : -1);
  const wanted = Math.min(threads, count) - 1;
  const workers = (wanted > 0 && pool.take(wanted)) || [];
  const tagged = { id: ++jobs, job };
  const detachers: (() => void)[] = [];
  let healthy = true;
  try {
    const workersDone = new Promise<void>((resolve, reject) => {
      const store = (index: number, result: Result) => {
        results[index] = result;
        if (++done === count) resolve();
      };
      for (const pooled of workers) detachers.push(feed(pooled, tagged, claim, store, reject));
    });
    // Awaited only after this thread's share; until then a worker's failure must not count
    // as an unhandled rejection.
    workersDone.catch(() => {});
    for (let index = claim(); index >= 0; index = claim()) {
      results[index] = await run(job, index);
      done++;
      if (wanted > 0) await nextTurn();
    }
    if (done < count) await workersDone;
    return results;
  } catch (error) {
    // A user error leaves the workers sound; anything else may have left them mid-way.
    healthy = isConveyorError(error);
    throw error;
  } finally {
    for (const detach of detachers) detach();
    if (workers.length > 0) await pool.give(healthy);
  }
}

/**
 * Sends a worker the job, then two indices once it is ready and one more for each answer.
 * Returns the function that stops listening to it.
 */
function feed<Job, Result>(
  { worker, ready }: PooledWorker,
  tagged: TaggedJob<Job>,
  claim: () => number,
  store: (index: number, result: Result) => void,
  fail: (error: Error) => void,
): () => void {
  const send = () => {
    const index = claim();
    if (index >= 0) worker.postMessage(index);
  };
  const onMessage = (message: "ready" | PoolAnswer<Result>) => {
    if (message === "ready" || message.id !== tagged.id) return;
    if (message.error) {
      const { message: text, hint, code } = message.error;
      fail(new ConveyorError(text, hint, code));
      return;
    }
    store(message.index, message.result!);
    send();
  };
  const onExit = (code: number) => fail(new Error(`a pool worker exited with code ${code}`));
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
