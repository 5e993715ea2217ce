import { Worker } from "node:worker_threads";

/**
 * Starts a worker thread running a module: the built package's `.js` as it is, a `.ts` one (Conveyor
 * run from its sources) through tsx. Passing `execArgv: ["--import", "tsx"]` is not enough on
 * Node 20: module hooks given on a worker's command line do not reach the worker's own module
 * loader (nodejs/node#47747), so the .ts entry fails with ERR_UNKNOWN_FILE_EXTENSION. Instead a
 * two-line JavaScript bootstrap registers tsx's hooks inside the worker and then imports the entry.
 */
export function spawnWorker(entry: URL, workerData?: unknown): Worker {
  if (!entry.pathname.endsWith(".ts")) return new Worker(entry, { workerData });
  const tsx = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => {
    tsx.register();
    return import(${JSON.stringify(entry.href)});
  });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
