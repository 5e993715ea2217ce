/**
 * The queue executor runs the same IR with the same semantics as the local engine: tasks on
 * `conveyor worker` processes through real Redis, the run's truth in a real PostgreSQL store.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { compile } from "../../../src/compiler/compile.ts";
import { REPO_ROOT, type TestProject, testProject } from "../../helpers/project.ts";
import { Fleet, type WorkerProcess } from "./fleet.ts";
import { chain, fanOut, lingering, retrying, timingOut } from "./fixtures/pipelines.ts";

describe("queue executor on PostgreSQL and Redis", () => {
  let project: TestProject;
  let fleet: Fleet;
  let workerPids: Set<number>;
  let workers: WorkerProcess[];

  /** Polls the workers' lines until one matches (bounded). */
  async function workerSaid(pattern: RegExp): Promise<void> {
    for (let polls = 0; polls < 3000; polls++) {
      if (workers.some((w) => w.lines.some((l) => pattern.test(l)))) return;
      await sleep(10);
    }
    assert.fail(`no worker printed a line matching ${pattern}`);
  }

  before(async () => {
    project = await testProject("postgres");
    fleet = await Fleet.open();
    workers = await Promise.all([fleet.startWorker(["--concurrency", "4"]), fleet.startWorker(["--concurrency", "4"])]);
    workerPids = new Set(workers.map((w) => w.pid));
  });
  after(async () => {
    await fleet?.close();
    await project?.cleanup();
  });

  it("runs a chain and its exit handler on the workers, with logs, metrics and lineage recorded by the driver", async () => {
    const file = join(project.dir, "chain.txt");
    const engine = await fleet.engine(project);
    const created = await engine.createRun(await compile(chain, { root: REPO_ROOT }), { file, ms: 10 }, { concurrency: 8 });
    const run = await engine.execute(created.id);
    assert.equal(run.status, "succeeded", run.error ?? "");
    const lines = (await readFile(file, "utf8")).trim().split("\n");
    assert.deepEqual(
      lines.map((l) => l.split(" ")[0]),
      ["t0", "t1", "t2", "t3", "exit"],
    );
    for (const line of lines) assert.ok(workerPids.has(Number(line.split(" ")[1])), `${line} ran on a worker`);
    const tasks = await project.tasksOf(run.id);
    const attempts = await project.store.listAttempts(tasks.t2?.id as string);
    const logs = await project.store.readLogs(attempts.map((a) => a.id));
    assert.ok(logs.some((l) => l.message.startsWith("working on t2 in ")), "the task's log reached the store");
    assert.ok((await project.store.listMetrics(run.id)).some((m) => m.name === "ms"), "its metric too");
    const lineage = await project.store.taskLineage(tasks.t3?.id as string);
    const receipt = lineage.find((e) => e.kind === "output")?.artifact;
    assert.ok(receipt, "the output artifact is recorded");
    await project.artifacts.verify(receipt.uri, receipt.digest);
  });

  it("fans out and in, skips a task whose condition is false, and reuses the cache on a second run", async () => {
    const file = join(project.dir, "fan.txt");
    const engine = await fleet.engine(project);
    const ir = await compile(fanOut, { root: REPO_ROOT });
    const first = await engine.execute((await engine.createRun(ir, { file, n: 20 }, { concurrency: 16 })).id);
    assert.equal(first.status, "succeeded", first.error ?? "");
    const tasks = await project.tasksOf(first.id);
    assert.deepEqual(tasks["queue-gather"]?.outputs, { labels: Array.from({ length: 20 }, (_, i) => `i${i}`) });
    assert.equal(tasks.never?.status, "skipped");
    const ran = (await readFile(file, "utf8")).trim().split("\n");
    assert.equal(ran.length, 20);
    assert.equal(new Set(ran.map((l) => l.split(" ")[1])).size, 2, "both workers took tasks");
    const second = await engine.execute((await engine.createRun(ir, { file, n: 20 }, { concurrency: 16 })).id);
    assert.equal(second.status, "succeeded");
    const cached = Object.values(await project.tasksOf(second.id)).filter((t) => t.status === "cached");
    assert.equal(cached.length, 22, "every task came from the cache");
  });

  it("retries a failing task with its backoff", async () => {
    const engine = await fleet.engine(project);
    const run = await engine.execute((await engine.createRun(await compile(retrying, { root: REPO_ROOT }), { succeedOn: 2 })).id);
    assert.equal(run.status, "succeeded", run.error ?? "");
    const task = (await project.tasksOf(run.id))["queue-flaky"];
    assert.equal(task?.attempts, 2);
    assert.deepEqual(task?.outputs, { attempt: 2 });
  });

  it("fails a task past its timeout, which the worker kills", async () => {
    const file = join(project.dir, "slow.txt");
    const engine = await fleet.engine(project);
    const run = await engine.execute((await engine.createRun(await compile(timingOut, { root: REPO_ROOT }), { file })).id);
    assert.equal(run.status, "failed");
    const task = (await project.tasksOf(run.id))["queue-work"];
    assert.match(task?.error ?? "", /timed out after 1.5s/);
    // Killed on the worker; or, on a machine so busy that no worker took the task in time, dropped when one does.
    await workerSaid(new RegExp(`^(failed queue-work \\(run ${run.id}\\) timed out after 1.5s|dropped queue-work \\(run ${run.id}\\) cancelled)`));
  });

  it("cancelling the run kills its task on the worker", async () => {
    const file = join(project.dir, "cancelled.txt");
    const engine = await fleet.engine(project);
    const created = await engine.createRun(await compile(lingering, { root: REPO_ROOT }), { file });
    const controller = new AbortController();
    const driving = engine.execute(created.id, controller.signal);
    await workerSaid(new RegExp(`^started queue-work \\(run ${created.id}\\)`));
    controller.abort();
    const run = await driving;
    assert.equal(run.status, "cancelled");
    await workerSaid(new RegExp(`^failed queue-work \\(run ${created.id}\\) cancelled`));
  });
});
