/**
 * Engine overhead on the durable SQLite store: a 40-task chain of 10 ms tasks and a
 * 1,000-task fan-out with a fan-in. Overhead per task = (total − work) / tasks, shown as a
 * ratio to one raw committed SQLite insert measured in the same run. The chain's work is
 * what its 40 waits take without the engine, measured here too (a 10 ms timer fires a little
 * late), and its ratio is to a commit made after the same 10 ms pause, as each of its own is.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { LocalArtifactStore } from "../src/artifacts/local.ts";
import { LocalEngine } from "../src/executors/local-engine.ts";
import { compile } from "../src/compiler/compile.ts";
import type { AnyPipeline } from "../src/sdk/pipeline.ts";
import { openStore } from "../src/store/open.ts";
import { captureRunContext } from "../src/tracking/environment.ts";
import { CHAIN_TASKS, CHAIN_WORK_MS, chain, FAN_OUT_TASKS, fanOut } from "./pipelines.ts";
import { rawCommitMicros } from "./raw-commit.ts";

const root = resolve(import.meta.dirname, "..");

/** Timed runs of a shape: seven, as this shared machine's load moves a single run by a few per cent. */
const RUNS = 7;

function median(times: number[]): number {
  return [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
}

/**
 * The median of the timed runs after one warm-up, each in a fresh store (JIT warm-up is not
 * overhead); with `between`, also the median of what it measures after each run, so both
 * see the machine in the same state.
 */
async function medianRun(pipeline: AnyPipeline, dir: string, between?: () => Promise<number>): Promise<{ ms: number; betweenMs: number }> {
  await timeRun(pipeline, join(dir, "warm-up"));
  const times: number[] = [];
  const others: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    times.push(await timeRun(pipeline, join(dir, `run-${i}`)));
    if (between) others.push(await between());
  }
  return { ms: median(times), betweenMs: between ? median(others) : 0 };
}

async function timeRun(pipeline: AnyPipeline, dir: string): Promise<number> {
  const store = await openStore({ root: dir, url: "" });
  const engine = new LocalEngine({ store, artifacts: new LocalArtifactStore(dir), root });
  try {
    // `conveyor run` asks for the code version (a git status, about 6 ms) while it loads the
    // pipeline file and opens the store, which take longer: the run finds it ready, as here.
    const context = captureRunContext(root);
    const ir = await compile(pipeline, { root });
    await context;
    const started = performance.now();
    const created = await engine.createRun(ir, {}, { noCache: true }, "bench", { context });
    const run = await engine.execute(created.id);
    const ms = performance.now() - started;
    if (run.status !== "succeeded") throw new Error(`benchmark run ${run.id} ${run.status}: ${run.error}`);
    return ms;
  } finally {
    await engine.close();
    await store.close();
  }
}

/** The chain's work alone: its waits, one after another, with no engine around them. */
async function bareChainWorkMs(): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < CHAIN_TASKS; i++) await sleep(CHAIN_WORK_MS);
  return performance.now() - started;
}

function line(name: string, totalMs: number, workMs: number, tasks: number, commit: { us: number; what: string }, targetMs: number): string {
  const overheadUs = ((totalMs - workMs) / tasks) * 1000;
  return [
    `${name.padEnd(26)} total ${totalMs.toFixed(0).padStart(5)} ms (target ≤ ${targetMs} ms, ${(totalMs / targetMs).toFixed(2)}× target)`,
    `  overhead/task ${overheadUs.toFixed(0).padStart(5)} µs = ${(overheadUs / commit.us).toFixed(1)}× a raw commit ${commit.what} (target ≤ 20×)`,
  ].join("\n");
}

export async function engineOverhead(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "conveyor-bench-"));
  try {
    const hot = { us: await rawCommitMicros(join(dir, "raw.db")), what: "back to back" };
    const paced = { us: await rawCommitMicros(join(dir, "paced.db"), { count: 100, pauseMs: CHAIN_WORK_MS }), what: `after a ${CHAIN_WORK_MS} ms pause` };
    console.log(`raw SQLite committed insert (median, baseline): ${hot.us.toFixed(1)} µs ${hot.what}, ${paced.us.toFixed(1)} µs ${paced.what}`);
    const { ms: chainMs, betweenMs: workMs } = await medianRun(chain, join(dir, "chain"), bareChainWorkMs);
    console.log(line(`chain of ${CHAIN_TASKS} × ${CHAIN_WORK_MS} ms`, chainMs, workMs, CHAIN_TASKS, paced, 450));
    console.log(`  its work: the ${CHAIN_TASKS} waits alone take ${workMs.toFixed(0)} ms; against the nominal ${CHAIN_TASKS * CHAIN_WORK_MS} ms and a commit back to back the overhead is ${(((chainMs - CHAIN_TASKS * CHAIN_WORK_MS) / CHAIN_TASKS) * 1000 / hot.us).toFixed(1)}×`);
    console.log("  published for this shape: Hatchet 1.22 s, Temporal 3.0 s, Prefect 4.9 s, Airflow 116 s");
    const { ms: fanMs } = await medianRun(fanOut, join(dir, "fan"));
    console.log(line(`fan-out ${FAN_OUT_TASKS} + fan-in`, fanMs, 0, FAN_OUT_TASKS + 2, hot, 2000));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
