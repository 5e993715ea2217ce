/**
 * Worker-thread entry of the forest pool: receives a ForestJob once (as workerData, its big
 * arrays in shared memory), says it is ready, then grows each tree index it is sent and
 * answers with the tree, whose arrays are transferred rather than copied.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type ForestJob, growForestTree } from "./forest-job.ts";

const job = workerData as ForestJob;
const port = parentPort!;

port.on("message", (index: number) => {
  const tree = growForestTree(job, index);
  const buffers = [tree.feature, tree.threshold, tree.left, tree.value].map((a) => a.buffer);
  port.postMessage({ index, tree }, buffers as ArrayBuffer[]);
});
port.postMessage("ready");
