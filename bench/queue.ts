/**
 * Distributed execution on this machine, PostgreSQL and Redis on loopback: the 1,000-task
 * fan-out with its fan-in on two `conveyor worker`s, its total time and overhead per task beside
 * the same pipeline on the local engine with SQLite in the same run (targets: at most 3 s, at
 * most 3 ms a task); and 8 CPU-bound tasks of about 1 s on two workers as a ratio to one
 * (target: at most 0.6). Each figure is the median of a few runs after a warm-up.
 * Run alone: `node --import tsx/esm bench/queue.ts`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { LocalArtifactStore } from "../src/artifacts/local.ts";
import { compile } from "../src/compiler/compile.ts";
import type { Engine } from "../src/engine/engine.ts";
import { LocalEngine } from "../src/executors/local-engine.ts";
import { openQueueEngine } from "../src/executors/queue/queue-engine.ts";
import type { PipelineIR } from "../src/ir/schema.ts";
import { openStore } from "../src/store/open.ts";
import type { MetadataStore } from "../src/store/types.ts";
import { CPU_TASK_MS, CPU_TASKS, cpuTasks, FAN_OUT_TASKS, fanOut } from "./pipelines.ts";

const root = resolve(import.meta.dirname, "..");
const POSTGRES_URL = process.env.CONVEYOR_TEST_PG ?? "postgres://root@127.0.0.1:5432/test";
const REDIS_URL = process.env.CONVEYOR_TEST_REDIS ?? "redis://127.0.0.1:6379";
const RUNS = 3;

function median(times: number[]): number {
  return [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
}

/** CPU time a process has used, in ms (Linux; 0 elsewhere): what the machine's load does not inflate. */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
/** Linux's USER_HZ, the unit of /proc/<pid>/stat's times. */
const CLOCK_TICKS = 100;

/** The median wall time of the timed runs after a warm-up, and the median CPU time the processes `pids` (this one's included) spent on each. */
async function timeRuns(engine: Engine, ir: PipelineIR, concurrency: number, runs = RUNS, pids: number[] = []): Promise<{ ms: number; cpuMs: number }> {
  const all = [process.pid, ...pids];
  const once = async () => {
    const cpuBefore = all.map(cpuMs);
    const started = performance.now();
    const run = await engine.execute((await engine.createRun(ir, {}, { noCache: true, concurrency }, "bench")).id);
    if (run.status !== "succeeded") throw new Error(`benchmark run ${run.id} ${run.status}: ${run.error}`);
    return { ms: performance.now() - started, cpuMs: all.reduce((sum, pid, i) => sum + cpuMs(pid) - (cpuBefore[i] as number), 0) };
  };
  await once();
  const times: { ms: number; cpuMs: number }[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  return { ms: median(times.map((t) => t.ms)), cpuMs: median(times.map((t) => t.cpuMs)) };
}

/** Starts `conveyor worker` on the fleet `prefix`; resolves once it takes jobs. */
async function startWorker(prefix: string, concurrency: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["bin/conveyor.js", "worker", "--concurrency", String(concurrency)], {
    cwd: root,
    env: { ...process.env, CONVEYOR_REDIS: REDIS_URL, CONVEYOR_QUEUE_PREFIX: prefix, CONVEYOR_ROOT: root, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for (;;) {
    const [line] = (await once(lines, "line")) as [string];
    if (line.startsWith("worker ")) break;
  }
  // Read on, so a worker's lines never fill its pipe.
  lines.on("line", () => {});
  return child;
}

async function stop(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      child.kill("SIGTERM");
      if (child.exitCode === null) await once(child, "exit");
    }),
  );
}

async function withFleet<T>(store: MetadataStore, dir: string, workers: number[], use: (engine: Engine, pids: number[]) => Promise<T>): Promise<T> {
  const prefix = `conveyor-bench-${randomUUID().slice(0, 8)}`;
  const children = await Promise.all(workers.map((concurrency) => startWorker(prefix, concurrency)));
  const engine = await openQueueEngine({ store, artifacts: new LocalArtifactStore(dir), root }, { redisUrl: REDIS_URL, queuePrefix: prefix });
  try {
    return await use(
      engine,
      children.map((c) => c.pid as number),
    );
  } finally {
    await engine.close();
    await stop(children);
  }
}

export async function queueBench(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "conveyor-bench-queue-"));
  const schema = `bench_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const sqlite = await openStore({ root: dir, url: "" });
  const postgres = await openStore({ url: POSTGRES_URL, schema });
  try {
    const fan = await compile(fanOut, { root });
    const local = new LocalEngine({ store: sqlite, artifacts: new LocalArtifactStore(dir), root });
    const localRun = await timeRuns(local, fan, 4);
    await local.close();
    const tasks = FAN_OUT_TASKS + 2;
    const perTask = (ms: number) => `${((ms / tasks) * 1000).toFixed(0)} µs/task`;
    console.log(`local engine, SQLite (baseline): fan-out ${FAN_OUT_TASKS} + fan-in ${localRun.ms.toFixed(0)} ms, ${perTask(localRun.ms)}; CPU ${perTask(localRun.cpuMs)}`);
    const queued = await withFleet(postgres, dir, [64, 64], (engine, pids) => timeRuns(engine, fan, 128, RUNS, pids));
    console.log(
      `queue, 2 workers, PostgreSQL + Redis: ${queued.ms.toFixed(0)} ms (target ≤ 3000 ms, ${(queued.ms / 3000).toFixed(2)}× target; ${(queued.ms / localRun.ms).toFixed(1)}× local), ` +
        `${(queued.ms / tasks).toFixed(2)} ms/task (target ≤ 3 ms)`,
    );
    console.log(
      `  CPU of the driver and both workers: ${perTask(queued.cpuMs)} (${(queued.cpuMs / localRun.cpuMs).toFixed(1)}× local), ` +
        "not counting PostgreSQL's and Redis's; the load of other processes on this machine inflates the wall time, not this",
    );
    const cpu = await compile(cpuTasks, { root });
    const oneMs = (await withFleet(postgres, dir, [1], (engine) => timeRuns(engine, cpu, CPU_TASKS, 1))).ms;
    const twoMs = (await withFleet(postgres, dir, [1, 1], (engine) => timeRuns(engine, cpu, CPU_TASKS, 1))).ms;
    console.log(
      `${CPU_TASKS} CPU tasks of ${CPU_TASK_MS} ms: 1 worker ${oneMs.toFixed(0)} ms (baseline), 2 workers ${twoMs.toFixed(0)} ms = ${(twoMs / oneMs).toFixed(2)}× (target ≤ 0.6×)`,
    );
  } finally {
    await sqlite.close();
    await postgres.close();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await queueBench();
