/**
 * Serving speed (issue 11, "Performance"): a random forest of 100 trees on breast_cancer,
 * ours beside the Python anchor, FastAPI + uvicorn serving scikit-learn's
 * RandomForestClassifier(100), both loaded with `wrk -t2 -c32`, one 1-row Open Inference (V2)
 * JSON body per request; and ours beside the same process's bare /v2/health/live, the HTTP
 * floor, all through the real server (createModelServer; `conveyor serve --workers 2` for
 * that line), over a temporary project whose registry holds the models. Also 100-row bodies,
 * a logistic regression and HGB, the prediction log on against off, and with
 * CONVEYOR_BENCH_SOAK=60 a 60-second soak at the peak rate (errors, RSS). Also one row's predict
 * alone (CPU time): our row scorer, our table path, scikit-learn's predict. Ratios, not times, are the
 * figures to read: the machine is shared, so the load average is printed with them.
 * Run alone: `node --import tsx/esm bench/serve.ts [seconds per load run, default 10]`.
 */
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { fitModel } from "../src/ml/fit-model.ts";
import { readCsv } from "../src/ml/io/csv.ts";
import { modelKind } from "../src/ml/models/model-kinds.ts";
import { createRowScorer } from "../src/ml/row-scorer.ts";
import { createTable, type Table } from "../src/ml/table.ts";
import { TrainedClassifier } from "../src/ml/trained-model.ts";
import { openServeLogs } from "../src/serve/prediction-log/serve-logs.ts";
import { createModelServer } from "../src/serve/server.ts";
import { haveFastApi, PYTHON, startFastApi } from "./serve-fastapi.ts";
import { type BenchModel, type ServeProject, serveProject } from "./serve-project.ts";
import { haveWrk, type LoadFigures, type RunningServer, runWrk } from "./serve-wrk.ts";

const CSV = resolve(import.meta.dirname, "../data/breast_cancer.csv");
/** The FastAPI anchor's model name in its URLs. */
const MODEL = "breast-cancer";
const CLI = resolve(import.meta.dirname, "../bin/conveyor.js");
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
  const project = await serveProject(table, "target", MODELS);
  try {
    await httpFigures(project, row, table, seconds);
  } finally {
    await project.close();
  }
  console.log(`load average after: ${load()}`);
}

/** Each server loaded with wrk -t2 -c32, as the Performance section lists them. */
async function httpFigures(project: ServeProject, row: readonly number[], table: Table, seconds: number): Promise<void> {
  const oneRow = v2Body([row]);
  const hundredRows = v2Body(Array.from({ length: 100 }, (_, r) => featureRow(table, r)));
  const ours = await startServer(project, false);
  let forest: CpuFigures;
  let health: CpuFigures;
  const more: [string, CpuFigures][] = [];
  try {
    forest = await measure(ours, "forest", oneRow, seconds);
    health = await withCpu(() => runWrk(`${ours.url}/v2/health/live`, seconds), seconds);
    more.push(["random forest, 100-row bodies", await measure(ours, "forest", hundredRows, seconds)]);
    more.push(["logistic regression, 1 row", await measure(ours, "logistic", v2Body([row]), seconds)]);
    more.push(["HGB (100 iterations), 1 row", await measure(ours, "hgb", oneRow, seconds)]);
  } finally {
    await ours.close();
  }
  const logged = await startServer(project, true);
  let withLog: CpuFigures;
  let soak: Soak | undefined;
  try {
    withLog = await measure(logged, "forest", oneRow, seconds);
    if (SOAK_SECONDS > 0) soak = await soakRun(logged, oneRow);
  } finally {
    await logged.close();
  }
  const workers = await startCli(project, 2);
  let twoWorkers: LoadFigures;
  try {
    twoWorkers = await measure(workers, "forest", oneRow, seconds);
  } finally {
    await workers.close();
  }
  let python: LoadFigures | undefined;
  if (haveFastApi()) {
    const fastApi = await startFastApi(CSV, await freePort());
    try {
      python = await measure(fastApi, MODEL, oneRow, seconds);
    } finally {
      await fastApi.close();
    }
  }

  console.log(`HTTP, wrk -t2 -c32 for ${seconds} s each, Open Inference (V2) bodies, the real server (createModelServer):`);
  /** cpuMicroseconds: given for the servers in this process only. */
  const line = (who: string, f: LoadFigures, cpuMicroseconds?: number) => {
    const cpu = cpuMicroseconds === undefined ? "" : `   server CPU ${cpuMicroseconds.toFixed(0).padStart(4)} µs/req`;
    console.log(`  ${who.padEnd(46)} ${f.requestsPerSecond.toFixed(0).padStart(7)} req/s   p99 ${f.p99Ms.toFixed(2).padStart(7)} ms   errors ${f.errors}${cpu}`);
  };
  line("random forest (100 trees), 1 row, no log", forest, forest.cpuMicroseconds);
  line("the same process's /v2/health/live", health, health.cpuMicroseconds);
  for (const [who, figures] of more) line(who, figures, figures.cpuMicroseconds);
  line("random forest, 1 row, prediction log on", withLog, withLog.cpuMicroseconds);
  line("random forest, 1 row, conveyor serve --workers 2", twoWorkers);
  if (python) line("FastAPI + uvicorn + scikit-learn, 1 row", python);
  const againstFloor = (100 * forest.requestsPerSecond) / health.requestsPerSecond;
  const floorByCpu = (100 * health.cpuMicroseconds) / forest.cpuMicroseconds;
  console.log(
    `  forest against the HTTP floor: ${againstFloor.toFixed(0)}% (target ≥ 30%), ${floorByCpu.toFixed(0)}% by server CPU a request; p99 ${forest.p99Ms.toFixed(2)} ms (target ≤ 5 ms)`,
  );
  if (python) console.log(`  forest against FastAPI: ${(forest.requestsPerSecond / python.requestsPerSecond).toFixed(0)}× the requests/s (target ≥ 125×)`);
  const logCost = 100 * (1 - withLog.requestsPerSecond / forest.requestsPerSecond);
  const logCpu = 100 * (withLog.cpuMicroseconds / forest.cpuMicroseconds - 1);
  console.log(`  the prediction log's cost: ${logCost.toFixed(0)}% of the requests/s (target ≤ 15%), ${logCpu.toFixed(0)}% more server CPU a request`);
  if (soak) {
    console.log(`soak, ${SOAK_SECONDS} s at the peak rate (log on): ${soak.figures.requestsPerSecond.toFixed(0)} req/s, errors ${soak.figures.errors}, RSS ${mib(soak.rssBefore)} → ${mib(soak.rssAfter)} MiB`);
  } else {
    console.log("soak: skipped (CONVEYOR_BENCH_SOAK=60 runs a 60-second soak at the peak rate)");
  }
}

/** The bench's models, registered in its project. */
const MODELS: readonly BenchModel[] = [
  { name: "forest", kind: "random-forest-classifier", params: { nEstimators: 100, seed: 0 } },
  { name: "logistic", kind: "logistic-regression", params: {} },
  { name: "hgb", kind: "hist-gradient-boosting-classifier", params: {} },
];

/** Seconds of the soak run; 0 (the default) skips it, as it would make `npm run bench` a minute longer. */
const SOAK_SECONDS = Number(process.env.CONVEYOR_BENCH_SOAK ?? 0);

/** One 2-D FP64 tensor [rows, features], in the signature's column order. */
function v2Body(rows: readonly (readonly number[])[]): string {
  return JSON.stringify({ inputs: [{ name: "features", shape: [rows.length, rows[0]!.length], datatype: "FP64", data: rows.flat() }] });
}

function featureRow(table: Table, row: number): number[] {
  return table.columns.filter((c) => c.name !== "target").map((c) => c.values[row] as number);
}

/** Checks the server scores the body, warms it up, then measures it. */
async function measure(server: RunningServer, model: string, body: string, seconds: number): Promise<CpuFigures> {
  const url = `${server.url}/v2/models/${model}/infer`;
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  await runWrk(url, WARM_UP_SECONDS, body);
  await server.settle?.();
  return withCpu(() => runWrk(url, seconds, body), seconds);
}

type CpuFigures = LoadFigures & { readonly cpuMicroseconds: number };

/**
 * The figures with this process's CPU time per answered request: the server's cost when it
 * runs in this process (wrk runs in its own), which the machine's load does not inflate as it
 * does requests/s and p99. Meaningless for a server in another process (--workers, FastAPI).
 */
async function withCpu(run: () => Promise<LoadFigures>, seconds: number): Promise<CpuFigures> {
  const start = process.cpuUsage();
  const figures = await run();
  return { ...figures, cpuMicroseconds: cpuMicroseconds(start) / (figures.requestsPerSecond * seconds) };
}

/** The real server in this process, over the project's registry: the three models, at their champion alias. */
async function startServer(project: ServeProject, logged: boolean): Promise<RunningServer> {
  // Segments every 5 s rather than every 10: each measured run then includes writing them, not only appending.
  const logs = logged ? await openServeLogs({ store: project.store, root: project.root, flushIntervalMs: 5000 }) : undefined;
  const server = await createModelServer({
    models: MODELS.map((m) => `models:/${m.name}@champion`),
    source: project.source,
    predictionLog: logs?.predictions,
    feedbackLog: logs?.labels,
  });
  const url = await server.listen({ port: 0, host: "127.0.0.1" });
  return {
    url,
    // The warm-up's rows written before the measured run: the log's writer thread is started once per process, and under tsx
    // (the bench runs the sources) its start-up compiles modules for seconds, a cost the built package does not have.
    settle: logs && (() => logs.predictions.flush()),
    async close() {
      await server.close();
      await logs?.close();
    },
  };
}

/** `conveyor serve models:/forest@champion --workers n --no-log` in the project, until closed (SIGTERM). */
async function startCli(project: ServeProject, workers: number): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, "serve", "models:/forest@champion", "--port", String(port), "--workers", String(workers), "--no-log"], {
    env: { ...process.env, CONVEYOR_ROOT: project.root },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise((resolveExit) => child.once("exit", resolveExit));
  await new Promise<void>((resolveReady, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("serving")) resolveReady();
    });
    child.once("exit", (code) => reject(new Error(`conveyor serve exited (${code}) before it served`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

interface Soak {
  readonly figures: LoadFigures;
  readonly rssBefore: number;
  readonly rssAfter: number;
}

/** SOAK_SECONDS of wrk at the peak rate against this process's server, its RSS before and after. */
async function soakRun(server: RunningServer, body: string): Promise<Soak> {
  const rssBefore = process.memoryUsage().rss;
  const figures = await runWrk(`${server.url}/v2/models/forest/infer`, SOAK_SECONDS, body);
  return { figures, rssBefore, rssAfter: process.memoryUsage().rss };
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
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
