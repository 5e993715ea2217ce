/**
 * Worker-thread entry of the forest pool (forest-pool.ts): grows the trees it is asked for,
 * each tree's arrays transferred rather than copied.
 */
import { serveJobs } from "../../pool-worker.ts";
import { growForestTree } from "./forest-job.ts";

serveJobs(growForestTree, (tree) => [tree.feature, tree.threshold, tree.left, tree.value].map((a) => a.buffer as ArrayBuffer));
