import { Worker } from "node:worker_threads";
import { LOADER_EXEC_ARGV } from "../../../executors/load-component.ts";

/** Starts a worker thread running a TypeScript module, with the loader every isolated task gets. */
export function spawnTypeScriptWorker(entry: URL, workerData?: unknown): Worker {
  return new Worker(entry, { execArgv: [...LOADER_EXEC_ARGV], workerData });
}
