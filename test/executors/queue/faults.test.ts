/**
 * Faults on a fleet, with real Redis and PostgreSQL on loopback: a worker killed with kill -9
 * mid-task, the driver killed, Redis losing every key of the fleet mid-run. Each run completes,
 * and each task's outputs are recorded once.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { it } from "node:test";
import { compile } from "../../../src/compiler/compile.ts";
import type { MetadataStore } from "../../../src/store/types.ts";
import { REPO_ROOT, testProject } from "../../helpers/project.ts";
import { Fleet } from "./fleet.ts";
import { chain, fanOut } from "./fixtures/pipelines.ts";

/** Polls until `check` holds (bounded, so a broken run fails the test instead of hanging it). */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let polls = 0; !(await check()); polls++) {
    assert.ok(polls < 3000, `never happened: ${what}`);
    await sleep(10);
  }
}

/** Every task succeeded, with exactly one succeeded attempt and each output recorded once. */
async function assertRecordedOnce(store: MetadataStore, runId: string): Promise<void> {
  for (const task of await store.listTasks(runId)) {
    assert.ok(task.status === "succeeded" || task.status === "skipped", `${task.name} is ${task.status}: ${task.error}`);
    // A skipped task, or a loop's own row, ran no attempt.
    if (task.status === "skipped" || task.attempts === 0) continue;
    const attempts = await store.listAttempts(task.id);
    assert.equal(attempts.filter((a) => a.status === "succeeded").length, 1, `${task.name} succeeded once`);
    const outputs = (await store.taskLineage(task.id)).filter((e) => e.kind === "output").map((e) => e.name);
    assert.equal(outputs.length, new Set(outputs).size, `${task.name} recorded each output once`);
  }
}

it("a worker killed with kill -9 mid-task: another worker takes the stalled job, the attempt's outputs are recorded once", async () => {
  const project = await testProject("postgres");
  const fleet = await Fleet.open();
  try {
    const first = await fleet.startWorker(["--concurrency", "1"]);
    const file = join(project.dir, "chain.txt");
    const engine = await fleet.engine(project);
    const created = await engine.createRun(await compile(chain, { root: REPO_ROOT }), { file, ms: 1500 }, { concurrency: 4 });
    const driving = engine.execute(created.id);
    await until("t1 started on the first worker", async () => {
      const t1 = (await project.tasksOf(created.id)).t1;
      if (t1?.status !== "running") return false;
      const logs = await project.store.readLogs((await project.store.listAttempts(t1.id)).map((a) => a.id));
      return logs.some((l) => l.message === `working on t1 in ${first.pid}`);
    });
    await fleet.stopWorker(first, "SIGKILL");
    const second = await fleet.startWorker(["--concurrency", "1"]);
    const run = await driving;
    assert.equal(run.status, "succeeded", run.error ?? "");
    await assertRecordedOnce(project.store, run.id);
    const t1 = (await project.tasksOf(run.id)).t1;
    assert.equal(t1?.attempts, 1, "the same attempt finished on the other worker: no retry was spent");
    const lines = (await readFile(file, "utf8")).trim().split("\n");
    // Delivery is at least once: on a machine so busy that a live worker's lock renewal comes late, a task may run twice.
    assert.ok(lines.includes(`t1 ${second.pid}`) && !lines.includes(`t1 ${first.pid}`), `t1 finished on the second worker: ${lines.join(", ")}`);
  } finally {
    await fleet.close();
    await project.cleanup();
  }
});

it("the driver killed mid-run: another driver takes the run over through its lease and finishes it", async () => {
  const project = await testProject("postgres");
  const fleet = await Fleet.open();
  try {
    await fleet.startWorker(["--concurrency", "2"]);
    const file = join(project.dir, "fan.txt");
    const schema = (project.storeOptions as { schema: string }).schema;
    const driver = spawn(process.execPath, ["--import", "tsx", "test/executors/queue/fixtures/queue-driver.ts", schema, project.dir, file, "8", "300"], {
      cwd: REPO_ROOT,
      env: fleet.env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = once(driver, "exit");
    const [runId] = (await once(createInterface({ input: driver.stdout }), "line")) as [string];
    await until("three tasks of the fan-out succeeded", async () => {
      const tasks = Object.values(await project.tasksOf(runId));
      return tasks.filter((t) => t.name.startsWith("queue-work") && t.status === "succeeded").length >= 3;
    });
    driver.kill("SIGKILL");
    await exited;
    const engine = await fleet.engine(project);
    const run = await engine.execute(runId);
    assert.equal(run.status, "succeeded", run.error ?? "");
    await assertRecordedOnce(project.store, run.id);
    const gathered = (await project.tasksOf(run.id))["queue-gather"]?.outputs as { labels: string[] };
    assert.deepEqual(gathered.labels, ["i0", "i1", "i2", "i3", "i4", "i5", "i6", "i7"]);
  } finally {
    await fleet.close();
    await project.cleanup();
  }
});

it("Redis losing the fleet's keys mid-run: the driver queues again what was lost, and the run completes", async () => {
  const project = await testProject("postgres");
  const fleet = await Fleet.open();
  try {
    await fleet.startWorker(["--concurrency", "2"]);
    const file = join(project.dir, "fan.txt");
    const engine = await fleet.engine(project);
    const created = await engine.createRun(await compile(fanOut, { root: REPO_ROOT }), { file, n: 10, ms: 300 }, { concurrency: 6 });
    const driving = engine.execute(created.id);
    await until("two tasks of the fan-out succeeded", async () => {
      const tasks = Object.values(await project.tasksOf(created.id));
      return tasks.filter((t) => t.name.startsWith("queue-work") && t.status === "succeeded").length >= 2;
    });
    assert.ok((await fleet.flush()) > 0, "the flush deleted the queue's keys");
    const run = await driving;
    assert.equal(run.status, "succeeded", run.error ?? "");
    await assertRecordedOnce(project.store, run.id);
    const gathered = (await project.tasksOf(run.id))["queue-gather"]?.outputs as { labels: string[] };
    assert.equal(gathered.labels.length, 10);
  } finally {
    await fleet.close();
    await project.cleanup();
  }
});
