/**
 * Tracking at scale on the SQLite store: log 100,000 metric points across 100 runs and read
 * one run's full history; list and filter 10,000 runs by a metric and a param. Each call's
 * time (median of several) is shown beside the same query in bare SQL on the same database
 * file (better-sqlite3, prepared, no mapping), and against the 100 ms target.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openStore } from "../src/store/open.ts";
import type { MetadataStore } from "../src/store/types.ts";
import { bestRun } from "../src/tracking/best.ts";
import { TrackingRun } from "../src/tracking/tracking-run.ts";

const TARGET_MS = 100;
const METRIC_RUNS = 100;
const POINTS_PER_RUN = 1000;
const SEARCH_RUNS = 10_000;
const FILTER = "metrics.auc > 0.9 and params.trees >= 100";

async function medianMs(fn: () => unknown, runs = 7): Promise<number> {
  for (let i = 0; i < 2; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
}

function line(name: string, ms: number, bareMs: number, rows: number): string {
  const verdict = ms < TARGET_MS ? "ok" : "OVER TARGET";
  return `${name.padEnd(44)} ${ms.toFixed(1).padStart(7)} ms  bare SQL ${bareMs.toFixed(1).padStart(6)} ms  ${(ms / bareMs).toFixed(1).padStart(5)}×  ${String(rows).padStart(6)} rows  (< ${TARGET_MS} ms: ${verdict})`;
}

/** 100 tracked runs of 10 metrics × 100 steps each, logged through the tracking API's buffer. */
async function logHistory(store: MetadataStore, root: string, bare: Database.Database): Promise<string> {
  const runs: TrackingRun[] = [];
  for (let r = 0; r < METRIC_RUNS; r++) runs.push(await TrackingRun.start({ experiment: "history", root, store }));
  const started = performance.now();
  for (const run of runs) {
    for (let step = 0; step < POINTS_PER_RUN / 10; step++) {
      for (let m = 0; m < 10; m++) run.logMetric(`m${m}`, Math.sin(step + m), step);
    }
    await run.flush();
  }
  const logMs = performance.now() - started;
  for (const run of runs) await run.end();

  // The same rows inserted bare: one prepared insert, one transaction per run's 1,000 points.
  bare.exec("create table bare_metrics (id integer primary key, run_id text, task_id text, name text, value real, step integer, time integer)");
  const insert = bare.prepare("insert into bare_metrics (run_id, task_id, name, value, step, time) values (?, null, ?, ?, ?, ?)");
  const perRun = bare.transaction((runId: string) => {
    for (let step = 0; step < POINTS_PER_RUN / 10; step++) {
      for (let m = 0; m < 10; m++) insert.run(runId, `m${m}`, Math.sin(step + m), step, Date.now());
    }
  });
  const bareStarted = performance.now();
  for (const run of runs) perRun(run.id);
  const bareMs = performance.now() - bareStarted;
  const points = METRIC_RUNS * POINTS_PER_RUN;
  console.log(
    `log ${points.toLocaleString("en")} points (${METRIC_RUNS} runs, logMetric)  ${logMs.toFixed(0).padStart(6)} ms = ${((logMs / points) * 1000).toFixed(1)} µs/point; bare inserts ${bareMs.toFixed(0)} ms (${(logMs / bareMs).toFixed(1)}×)`,
  );
  return (runs[Math.floor(METRIC_RUNS / 2)] as TrackingRun).id;
}

/** 10,000 runs in two experiments with params, a tag and two metrics each. */
async function makeRuns(store: MetadataStore): Promise<void> {
  const points = [];
  for (let i = 0; i < SEARCH_RUNS; i++) {
    const run = await store.createRun(
      {
        pipeline: { digest: "sha256:bench", name: "bench", ir: {} },
        params: { trees: 10 + (i % 400), lr: 0.001 * (1 + (i % 50)), label: `l${i % 7}` },
        options: { concurrency: 1, noCache: false, failFast: false },
        trigger: "bench",
        experiment: i % 2 === 0 ? "churn" : "fraud",
        tags: { team: i % 3 === 0 ? "x" : "y" },
      },
      [],
    );
    const time = new Date();
    points.push({ runId: run.id, taskId: null, name: "auc", value: 0.5 + ((i * 7919) % 1000) / 2000, step: null, time });
    points.push({ runId: run.id, taskId: null, name: "loss", value: ((i * 104729) % 1000) / 1000, step: null, time });
  }
  await store.logMetrics(points);
}

export async function trackingBench(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "conveyor-bench-tracking-"));
  const store = await openStore({ root: dir, url: "" });
  const bare = new Database(join(dir, ".conveyor", "conveyor.db"));
  try {
    const historyRun = await logHistory(store, dir, bare);
    const history = bare.prepare("select * from metrics where run_id = ? order by id");
    const oneMetric = bare.prepare("select * from metrics where run_id = ? and name = ? order by id");
    console.log(line("read one run's history (1,000 points)", await medianMs(() => store.listMetrics(historyRun)), await medianMs(() => history.all(historyRun)), POINTS_PER_RUN));
    console.log(
      line("read one metric's history (100 points)", await medianMs(() => store.metricHistory(historyRun, "m3")), await medianMs(() => oneMetric.all(historyRun, "m3")), POINTS_PER_RUN / 10),
    );

    const made = performance.now();
    await makeRuns(store);
    console.log(`made ${SEARCH_RUNS.toLocaleString("en")} runs with params, tags and metrics in ${((performance.now() - made) / 1000).toFixed(1)} s`);
    const where = `runs.id in (select run_id from run_latest_metrics where name = 'auc' and value > 0.9)
      and runs.id in (select run_id from run_params where name = 'trees' and num >= 100)`;
    const byAuc = "(select value from run_latest_metrics where run_id = runs.id and name = 'auc') desc nulls last, runs.id desc";
    const cases: [string, () => Promise<unknown[]> | Promise<unknown>, string, unknown[]][] = [
      ["list: newest 100 of an experiment", () => store.searchRuns({ experiment: "churn", limit: 100 }), "select * from runs where experiment = ? order by id desc limit 100", ["churn"]],
      [
        "filter metric+param, sort by metric, first 100",
        () => store.searchRuns({ experiment: "churn", where: FILTER, sort: "-metrics.auc", limit: 100 }),
        `select runs.* from runs where experiment = ? and ${where} order by ${byAuc} limit 100`,
        ["churn"],
      ],
      ["filter metric+param, every match", () => store.searchRuns({ where: FILTER }), `select runs.* from runs where ${where} order by runs.id desc`, []],
      ["count matches", () => store.countRuns({ where: FILTER }), `select count(*) from runs where ${where}`, []],
      [
        "best run by auc in an experiment",
        () => bestRun(store, "auc", { experiment: "fraud" }),
        `select runs.* from runs where experiment = ? order by ${byAuc} limit 1`,
        ["fraud"],
      ],
      ["list all 10,000 runs", () => store.searchRuns({}), "select * from runs order by id desc", []],
    ];
    for (const [name, call, sql, args] of cases) {
      const result = await call();
      const rows = Array.isArray(result) ? result.length : 1;
      const statement = bare.prepare(sql);
      console.log(line(name, await medianMs(call), await medianMs(() => statement.all(...args)), rows));
    }
    console.log("  (store calls also return each run's tags and latest metrics; bare SQL returns the run rows only)");
  } finally {
    bare.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
