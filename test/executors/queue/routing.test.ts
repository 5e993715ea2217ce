/**
 * Which worker takes a task: only one whose code is the run's, whose declared capacity fits the
 * task's resources, on the queue the task's options pick; a component's maxParallel holds
 * across the fleet. A task no worker may take waits, and its note says why.
 */
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { compile } from "../../../src/compiler/compile.ts";
import { REPO_ROOT, type TestProject, testProject } from "../../helpers/project.ts";
import { Fleet } from "./fleet.ts";
import { chain, demanding, oneAtATime, prioritized } from "./fixtures/pipelines.ts";

/** Polls a task's note until it matches (bounded). */
async function noteOf(project: TestProject, runId: string, task: string, pattern: RegExp): Promise<string> {
  for (let polls = 0; polls < 3000; polls++) {
    const note = (await project.tasksOf(runId))[task]?.error ?? "";
    if (pattern.test(note)) return note;
    await sleep(10);
  }
  assert.fail(`task ${task} never got a note matching ${pattern}`);
}

describe("routing on the fleet", () => {
  let project: TestProject;
  let fleet: Fleet;
  before(async () => {
    project = await testProject("postgres");
    fleet = await Fleet.open();
  });
  after(async () => {
    await fleet?.close();
    await project?.cleanup();
  });

  it("a worker with other code leaves the task for a worker with the run's, and the task's note says why", async () => {
    // A copy of the project whose `queue-work` component differs from the one the run compiled.
    const other = join(project.dir, "other-version");
    const fixture = "test/executors/queue/fixtures/components.ts";
    const source = (await readFile(join(REPO_ROOT, fixture), "utf8"))
      .replace('"../../../../src/index.ts"', JSON.stringify(join(REPO_ROOT, "src/index.ts")))
      .replace("ctx.log.info(`working on", "ctx.log.info(`now working on");
    await mkdir(join(other, "test/executors/queue/fixtures"), { recursive: true });
    await writeFile(join(other, "package.json"), '{ "type": "module" }\n');
    await writeFile(join(other, fixture), source);
    const stale = await fleet.startWorker([], { CONVEYOR_ROOT: other });

    const file = join(project.dir, "chain.txt");
    const engine = await fleet.engine(project);
    const created = await engine.createRun(await compile(chain, { root: REPO_ROOT }), { file, ms: 0 });
    const driving = engine.execute(created.id);
    const note = await noteOf(project, created.id, "t0", /^waiting: /);
    assert.match(note, new RegExp(`^waiting: worker .+ has other code: component "queue-work" in ${fixture} changed since the pipeline was compiled`));
    const current = await fleet.startWorker();
    const run = await driving;
    assert.equal(run.status, "succeeded", run.error ?? "");
    assert.equal((await project.tasksOf(run.id)).t0?.error, null, "the note is cleared once the task ran");
    const pids = new Set((await readFile(file, "utf8")).trim().split("\n").map((l) => Number(l.split(" ")[1])));
    assert.deepEqual([...pids], [current.pid], "only the worker with the run's code ran its tasks");
    assert.ok(stale.lines.some((l) => l.startsWith("left t0")), "the other worker saw the task and left it");
    await fleet.stopWorker(stale);
    await fleet.stopWorker(current);
  });

  it("a task goes to a worker whose declared memory and GPUs fit it", async () => {
    const small = await fleet.startWorker(["--memory-mb", "100"]);
    const file = join(project.dir, "demanding.txt");
    const engine = await fleet.engine(project);
    const created = await engine.createRun(await compile(demanding, { root: REPO_ROOT }), { file });
    const driving = engine.execute(created.id);
    const note = await noteOf(project, created.id, "big", /^waiting: /);
    assert.match(note, /^waiting: needs 1 cpu, 500 MiB, 0 gpu; worker .+ has \d+ cpu, 100 MiB, 0 gpu$/);
    const large = await fleet.startWorker(["--memory-mb", "1000", "--gpu", "1"]);
    const run = await driving;
    assert.equal(run.status, "succeeded", run.error ?? "");
    const tasks = await project.tasksOf(run.id);
    assert.equal(tasks["queue-gpu"]?.outputs?.pid, large.pid, "the GPU task ran on the worker with a GPU");
    assert.ok(!small.lines.some((l) => l.includes("queue-gpu")), "a worker without GPUs never saw it");
    await fleet.stopWorker(small);
    await fleet.stopWorker(large);
  });

  it("a component's maxParallel holds across workers", async () => {
    const workers = await Promise.all([fleet.startWorker(["--concurrency", "3"]), fleet.startWorker(["--concurrency", "3"])]);
    const file = join(project.dir, "exclusive.txt");
    const engine = await fleet.engine(project);
    const created = await engine.createRun(await compile(oneAtATime, { root: REPO_ROOT }), { file, n: 6, ms: 50 }, { concurrency: 6 });
    const run = await engine.execute(created.id);
    assert.equal(run.status, "succeeded", run.error ?? "");
    const lines = (await readFile(file, "utf8")).trim().split("\n");
    assert.equal(lines.length, 12);
    for (let i = 0; i < lines.length; i += 2) {
      const label = lines[i]?.replace(/^start /, "");
      assert.deepEqual([lines[i], lines[i + 1]], [`start ${label}`, `end ${label}`], "each attempt ended before the next started");
    }
    for (const worker of workers) await fleet.stopWorker(worker);
  });

  it("a worker takes the task with the higher priority first", async () => {
    const file = join(project.dir, "prioritized.txt");
    const engine = await fleet.engine(project);
    const created = await engine.createRun(await compile(prioritized, { root: REPO_ROOT }), { file });
    const driving = engine.execute(created.id);
    // Both wait on the queue before any worker looks at it.
    for (let polls = 0; (await fleet.redis.zcard(`${fleet.prefix}:default:prioritized`)) < 2; polls++) {
      assert.ok(polls < 3000, "the two tasks were never queued");
      await sleep(10);
    }
    await fleet.startWorker(["--concurrency", "1"]);
    const run = await driving;
    assert.equal(run.status, "succeeded", run.error ?? "");
    assert.deepEqual(
      (await readFile(file, "utf8")).trim().split("\n").map((l) => l.split(" ")[0]),
      ["high", "low"],
    );
  });
});
