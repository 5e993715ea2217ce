/**
 * Worker-thread entry of the forest pool (forest-pool.ts): says it is ready, then, fit after
 * fit, receives a job (its big arrays in shared memory) and the tree indices to grow for it,
 * answering each with the tree, whose arrays are transferred rather than copied.
 */
import { parentPort } from "node:worker_threads";
import { growForestTree, type TaggedJob } from "./forest-job.ts";

const port = parentPort!;
let current: TaggedJob | undefined;

port.on("message", (message: TaggedJob | number) => {
  if (typeof message !== "number") {
    current = message;
    return;
  }
  const tree = growForestTree(current!.job, message);
  const buffers = [tree.feature, tree.threshold, tree.left, tree.value].map((a) => a.buffer);
  port.postMessage({ id: current!.id, index: message, tree }, buffers as ArrayBuffer[]);
});
port.postMessage("ready");
