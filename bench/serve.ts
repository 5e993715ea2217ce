/**
 * Serving speed (issue 11, "Performance"): a random forest of 100 trees on breast_cancer,
 * ours beside the Python anchor, FastAPI + uvicorn serving scikit-learn's
 * RandomForestClassifier(100), both loaded with `wrk -t2 -c32`, one 1-row Open Inference (V2)
 * JSON body per request; and ours beside the same process's bare /v2/health/live, the HTTP
 * floor. Until the real server (src/serve) is on main, ours is the stand-in of
 * serve-stand-in.ts: a minimal Fastify route around the row scorer. Also one row's predict
 * alone (CPU time): our row scorer, our table path, scikit-learn's predict. Ratios, not times, are the
 * figures to read: the machine is shared, so the load average is printed with them.
 * Run alone: `node --import tsx/esm bench/serve.ts [seconds per load run, default 10]`.
 */
import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { fitModel } from "../src/ml/fit-model.ts";
import { readCsv } from "../src/ml/io/csv.ts";
import { modelKind } from "../src/ml/models/model-kinds.ts";
import { createRowScorer } from "../src/ml/row-scorer.ts";
import { createTable } from "../src/ml/table.ts";
import { TrainedClassifier } from "../src/ml/trained-model.ts";
import { haveFastApi, PYTHON, startFastApi } from "./serve-fastapi.ts";
import { type RunningServer, startStandIn } from "./serve-stand-in.ts";
import { haveWrk, type LoadFigures, runWrk } from "./serve-wrk.ts";

const CSV = resolve(import.meta.dirname, "../data/breast_cancer.csv");
const MODEL = "breast-cancer";
/** Each server gets this long under load before its measured run, so it runs optimised code. */
const WARM_UP_SECONDS = 3;

export async function serveBench({ seconds = 10 } = {}): Promise<void> {
  console.log(`load average before: ${load()} (${cpus().length} cores)`);
  const table = await readCsv(CSV);
  const model = await fitModel(table, {
    target: "target",
    kind: modelKind("random-forest-classifier"),
    params: { nEstimators: 100, seed: 0 },
    steps: [],
  });
  if (!(model instanceof TrainedClassifier)) throw new Error("expected a classifier");
  const scorer = createRowScorer(model);
  if (!scorer.synchronous) throw new Error("expected a synchronous scorer");
  const row = Array.from(scorer.columns, ({ name }) => table.columns.find((c) => c.name === name)!.values[0] as number);
  const oneRowTable = createTable(scorer.columns.map(({ name }, c) => ({ name, type: "number", values: Float64Array.of(row[c]!) })));

  const ours = bestMicroseconds(() => scorer.scoreRow(row));
  const tablePath = await bestMicrosecondsAsync(() => model.predictProba(oneRowTable));
  const sklearn = haveFastApi() ? sklearnOneRowMicroseconds() : undefined;
  console.log("one row's predict, CPU time, best of several batches of calls:");
  console.log(`  ours, row scorer             ${ours.toFixed(1).padStart(9)} µs`);
  console.log(`  ours, table path (predictProba) ${tablePath.toFixed(1).padStart(6)} µs   (row scorer ${(tablePath / ours).toFixed(1)}× faster)`);
  if (sklearn !== undefined) {
    console.log(`  scikit-learn predict         ${sklearn.toFixed(1).padStart(9)} µs   (row scorer ${(sklearn / ours).toFixed(0)}× faster)`);
  }

  if (!haveWrk()) return;
  const body = JSON.stringify({ inputs: [{ name: "features", shape: [1, row.length], datatype: "FP64", data: row }] });
  const standIn = await startStandIn(MODEL, scorer);
  let oursLoad: LoadFigures;
  let health: LoadFigures;
  try {
    await checkAnswers(standIn, body);
    await runWrk(`${standIn.url}/v2/models/${MODEL}/infer`, WARM_UP_SECONDS, body);
    oursLoad = await runWrk(`${standIn.url}/v2/models/${MODEL}/infer`, seconds, body);
    health = await runWrk(`${standIn.url}/v2/health/live`, seconds);
  } finally {
    await standIn.close();
  }
  let python: LoadFigures | undefined;
  if (haveFastApi()) {
    const fastApi = await startFastApi(CSV, await freePort());
    try {
      await checkAnswers(fastApi, body);
      await runWrk(`${fastApi.url}/v2/models/${MODEL}/infer`, WARM_UP_SECONDS, body);
      python = await runWrk(`${fastApi.url}/v2/models/${MODEL}/infer`, seconds, body);
    } finally {
      await fastApi.close();
    }
  }
  console.log(`HTTP, wrk -t2 -c32 for ${seconds} s each, one 1-row V2 body per request:`);
  const line = (who: string, f: LoadFigures) =>
    console.log(`  ${who.padEnd(44)} ${f.requestsPerSecond.toFixed(0).padStart(7)} req/s   p99 ${f.p99Ms.toFixed(2).padStart(7)} ms   errors ${f.errors}`);
  line("ours: stand-in Fastify route + row scorer", oursLoad);
  line("ours: the same process's /v2/health/live", health);
  if (python) line("FastAPI + uvicorn + scikit-learn", python);
  const againstFloor = (100 * oursLoad.requestsPerSecond) / health.requestsPerSecond;
  console.log(`  ours against the HTTP floor: ${againstFloor.toFixed(0)}% (target ≥ 30%); p99 ${oursLoad.p99Ms.toFixed(2)} ms (target ≤ 5 ms)`);
  if (python) {
    console.log(`  ours against FastAPI: ${(oursLoad.requestsPerSecond / python.requestsPerSecond).toFixed(0)}× the requests/s (target ≥ 125×)`);
  }
  console.log(`load average after: ${load()}`);
}

/** Fails the bench, rather than measure error answers, unless the server scores the body. */
async function checkAnswers(server: RunningServer, body: string): Promise<void> {
  const response = await fetch(`${server.url}/v2/models/${MODEL}/infer`, { method: "POST", headers: { "content-type": "application/json" }, body });
  if (!response.ok) throw new Error(`${server.url} answered ${response.status}: ${await response.text()}`);
}

/**
 * The best mean CPU time of a call over batches of calls, after a warm-up batch: µs. CPU time
 * (this process's, as scikit-learn's side takes its own), because on a shared machine the
 * wall clock also counts the time other processes hold the core.
 */
function bestMicroseconds(call: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let batch = 0; batch < 8; batch++) {
    const start = process.cpuUsage();
    for (let i = 0; i < 20_000; i++) call();
    if (batch > 0) best = Math.min(best, cpuMicroseconds(start) / 20_000);
  }
  return best;
}

async function bestMicrosecondsAsync(call: () => Promise<unknown>): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let batch = 0; batch < 6; batch++) {
    const start = process.cpuUsage();
    for (let i = 0; i < 2_000; i++) await call();
    if (batch > 0) best = Math.min(best, cpuMicroseconds(start) / 2_000);
  }
  return best;
}

function cpuMicroseconds(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return user + system;
}

/** scikit-learn's RandomForestClassifier(100).predict on one row, best of several timeit runs, CPU time: µs. */
function sklearnOneRowMicroseconds(): number {
  const script = `
import sys, time, timeit, numpy as np
from sklearn.ensemble import RandomForestClassifier
data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
model = RandomForestClassifier(n_estimators=100, random_state=0).fit(data[:, :-1], data[:, -1])
row = data[:1, :-1]
print(min(timeit.repeat(lambda: model.predict(row), number=50, repeat=5, timer=time.process_time)) / 50 * 1e6)
`;
  const env = { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1" };
  const result = spawnSync(PYTHON, ["-c", script, CSV], { env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`the scikit-learn timing failed:\n${result.stderr}`);
  return Number(result.stdout.trim());
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await serveBench({ seconds: Number(process.argv[2] ?? 10) });
}
