/**
 * Monitoring from end to end, in a project folder: train and register a champion, serve it with
 * the prediction log on, send a calm window of requests and then two shifted ones, post labels,
 * run the monitor, print each window's verdict and the alert, write the last report's HTML page,
 * then run the retraining pipeline, which trains only because the fresh data drifted.
 * `node --import tsx examples/monitoring/watch.ts <folder>`
 */
import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { compile, Engine, LocalArtifactStore, openServeLogs, openStore, readNewAlerts, runMonitors } from "../../src/index.ts";
import { createModelServer } from "../../src/serve/index.ts";
import monitors from "./monitors.ts";
import retrain from "./retrain-if-drifted.ts";
import train from "./train.ts";

const folder = resolve(process.argv[2] ?? process.cwd());
const repository = resolve(import.meta.dirname, "../..");
const store = await openStore({ root: folder });
const artifacts = new LocalArtifactStore(folder);
const engine = new Engine({ store, artifacts, root: repository });
const run = async (pipeline: Parameters<typeof compile>[0], params: Record<string, unknown> = {}) => {
  const created = await engine.createRun(await compile(pipeline, { root: repository }), params);
  return engine.execute(created.id);
};
await run(train);

// Serve the champion; every answered row goes to the prediction log, labels come back by request id.
const logs = await openServeLogs({ store, root: folder, flushIntervalMs: 100 });
const server = await createModelServer({ models: ["models:/iris@champion"], source: { store, artifacts }, predictionLog: logs.predictions, feedbackLog: logs.labels });
const url = await server.listen({ port: 0, host: "127.0.0.1" });
const rows = (await readFile(join(repository, "data/iris.csv"), "utf8")).trim().split("\n").slice(1).map((line) => line.split(",").map(Number));
const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
async function send(name: string, start: number, shift: number, labelShift: number) {
  const window = rows.filter((_, i) => i % 3 === start);
  const names = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"];
  const inputs = names.map((n, f) => ({ name: n, shape: [window.length], datatype: "FP64", data: window.map((r) => r[f]! + shift) }));
  await post("/v2/models/iris/infer", { id: name, inputs });
  await post("/v2/feedback", window.map((r, row) => ({ id: name, row, label: (r[4]! + labelShift) % 3 })));
}
await send("calm", 0, 0, 0);
await send("shifted", 1, 1.5, 0);
await send("shifted-mislabelled", 2, 1.5, 1);
await server.close();
await logs.close();

// Judge every complete window (settleMs: 0, since the log was just closed and holds every row).
const windows = await runMonitors({ store, artifacts, root: folder, settleMs: 0 }, [monitors]);
for (const w of windows) {
  console.log(`${w.monitor}@${w.seq}: ${w.rows} rows, drift share ${w.driftShare.toFixed(2)}, streak ${w.streak}, drift detected ${w.driftDetected}, performance dropped ${w.performanceDropped}`);
}
for (const alert of await readNewAlerts(store, 0)) console.log(`alert ${alert.id}: ${alert.monitor}@${alert.seq} drift ${alert.driftDetected}, performance ${alert.performanceDropped}`);
const last = windows.at(-1)!;
const html = (await store.getArtifact(last.htmlArtifactId!))!;
await writeFile(join(folder, "report.html"), await readFile(await artifacts.open(html.uri, html.digest)));
console.log("wrote report.html");

// The retraining pipeline trains only on data that drifted.
const fresh = join(folder, "fresh.csv");
await writeFile(fresh, `sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),target\n${rows.map((r) => [...r.slice(0, 4).map((v) => v + 1.5), r[4]].join(",")).join("\n")}\n`);
const retrained = await run(retrain, { fresh, reference: join(repository, "data/iris.csv") });
const trained = (await store.listTasks(retrained.id)).find((t) => t.name === "train-model");
console.log(`retraining run ${retrained.status}: train-model ${trained?.status}`);
await engine.close();
await store.close();
