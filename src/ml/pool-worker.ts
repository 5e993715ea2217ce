import { parentPort } from "node:worker_threads";
import { isConveyorError } from "../errors.ts";
import type { PoolAnswer, TaggedJob } from "./pool-map.ts";

/**
 * The worker-thread side of mapOnPool (pool-map.ts), called by a pool's entry module: says
 * it is ready, then, job after job, receives a job and the indices to run for it, answering
 * each with the result (its `transfer` buffers moved rather than copied) or the user error
 * it met. Any other error ends the worker, which fails the job.
 */
export function serveJobs<Job, Result>(
  run: (job: Job, index: number) => Result | Promise<Result>,
  transfer: (result: Result) => ArrayBuffer[] = () => [],
): void {
  const port = parentPort!;
  let current: TaggedJob<Job> | undefined;
  port.on("message", async (message: TaggedJob<Job> | number) => {
    if (typeof message !== "number") {
      current = message;
      return;
    }
    const { id, job } = current!;
    let answer: PoolAnswer<Result>;
    try {
      answer = { id, index: message, result: await run(job, message) };
    } catch (error) {
      if (!isConveyorError(error)) throw error;
      answer = { id, index: message, error: { message: error.message, hint: error.hint, code: error.code } };
    }
    port.postMessage(answer, answer.result === undefined ? [] : transfer(answer.result));
  });
  port.postMessage("ready");
}
