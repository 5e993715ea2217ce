/** The worker-thread executor: what a task does in a thread reaches the engine, and the engine stops it. */
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { ThreadExecutor } from "../../src/executors/thread.ts";
import { compile } from "../../src/compiler/compile.ts";
import type { Engine } from "../../src/engine/engine.ts";
import { param, pipeline } from "../../src/index.ts";
import type { Isolation } from "../../src/ir/schema.ts";
import type { AnyPipeline } from "../../src/sdk/pipeline.ts";
import type { RunOptions } from "../../src/store/types.ts";
import { REPO_ROOT, type TestProject, testProject } from "../helpers/project.ts";
import { flaky } from "./fixtures/components.ts";
import { crash, crunch } from "./fixtures/thread-components.ts";

const one = pipeline({ name: "one-crunch", params: { ms: param.int({ default: 0 }), until: param.string({ default: "" }) } }, (p) => {
  crunch({ ms: p.ms, until: p.until });
});

const timingOut = pipeline({ name: "thread-timing-out" }, () => {
  crunch({ ms: 60_000 }, { timeout: 300 });
});


/** Two CPU-bound tasks that start computing together: each marks its start in `dir` and waits for the other's mark. */
function pair(isolation: Isolation, dir: string) {
  return pipeline({ name: `pair-${isolation}` }, () => {
    crunch({ ms: 1000, mark: join(dir, "a"), waitFor: join(dir, "b") }, { name: "a", isolation });
    crunch({ ms: 1000, mark: join(dir, "b"), waitFor: join(dir, "a") }, { name: "b", isolation });
  });
}

const crashing = pipeline({ name: "crashing", params: { how: param.enum(["exit", "throw"]) } }, (p) => {
  crash({ how: p.how });
});

const retrying = pipeline({ name: "thread-retrying" }, () => {
  flaky({ succeedOn: 2 }, { isolation: "thread", retry: { attempts: 2, backoff: 0 } });
});

describe("the worker-thread executor", () => {
  let project: TestProject;
  /** An engine on a pool of two threads, and one on a pool of one: there, a new thread id means the old thread was ended. */
  let two: Engine;
  let single: Engine;
  before(async () => {
    project = await testProject("sqlite");
    two = project.engine({ executors: { thread: new ThreadExecutor({ threads: 2 }) } });
    single = project.engine({ executors: { thread: new ThreadExecutor({ threads: 1 }) } });
  });
  after(() => project.cleanup());

  async function start(engine: Engine, p: AnyPipeline, params: Record<string, unknown> = {}, options: Partial<RunOptions> = {}, signal?: AbortSignal) {
    const created = await engine.createRun(await compile(p, { root: REPO_ROOT }), params, { concurrency: 2, noCache: true, ...options });
    return { id: created.id, done: engine.execute(created.id, signal) };
  }

  async function runOn(engine: Engine, p: AnyPipeline, params: Record<string, unknown> = {}, options: Partial<RunOptions> = {}) {
    const run = await (await start(engine, p, params, options)).done;
    return { run, tasks: await project.tasksOf(run.id) };
  }

  /** Resolves with the thread id a crunch task says it started on. */
  function crunching(engine: Engine): Promise<number> {
    return new Promise((resolve) => {
      const stop = engine.subscribe((event) => {
        const started = event.type === "log" && /^crunching on thread (\d+)$/.exec(event.entry.message);
        if (started) {
          stop();
          resolve(Number(started[1]));
        }
      });
    });
  }

  async function threadOf(taskId: string): Promise<number> {
    const [attempt] = await project.store.listAttempts(taskId);
    const logs = await project.store.readLogs([attempt!.id]);
    const line = logs.map((l) => /^crunching on thread (\d+)$/.exec(l.message)).find(Boolean);
    assert.ok(line, "the task logged its thread");
    return Number(line[1]);
  }

  it("runs a task in a worker thread and records its outputs, artifact, logs, console and metrics", async () => {
    const { run, tasks } = await runOn(two, one, { ms: 10 });
    assert.equal(run.status, "succeeded", run.error ?? "");
    const task = tasks.crunch!;
    assert.equal(task.outputs?.mainThread, false);
    assert.equal(task.outputs?.commonJsHook, false, "the thread loaded tsx's CommonJS hook");
    assert.ok((task.outputs?.ended as number) >= (task.outputs?.began as number));
    const [output] = (await project.store.taskLineage(task.id)).filter((e) => e.kind === "output");
    assert.equal(output?.name, "receipt");
    const [attempt] = await project.store.listAttempts(task.id);
    const logs = await project.store.readLogs([attempt!.id]);
    assert.match(logs[0]?.message ?? "", /^crunching on thread \d+$/);
    assert.ok(logs.some((l) => l.stream === "stdout" && l.level === "info" && l.message === "hello from a worker thread"));
    assert.ok(logs.some((l) => l.stream === "stderr" && l.level === "warn" && l.message === "a warning on stderr"));
    const metrics = await project.store.listMetrics(run.id);
    assert.ok(metrics.some((m) => m.name === "sum" && m.taskId === task.id && m.value > 0));
  });

  it("keeps a thread task's error and retries it", async () => {
    const { run, tasks } = await runOn(two, retrying);
    assert.equal(run.status, "succeeded", run.error ?? "");
    const attempts = await project.store.listAttempts(tasks.flaky!.id);
    assert.deepEqual(
      attempts.map((a) => a.status),
      ["failed", "succeeded"],
    );
    assert.match(attempts[0]?.error ?? "", /attempt 1 failed on purpose/);
  });

  it("runs two CPU-bound thread tasks at once at -c 2, where inline they take turns", async () => {
    const spans = async (isolation: Isolation) => {
      const dir = join(project.dir, `pair-${isolation}`);
      await mkdir(dir);
      const { run, tasks } = await runOn(two, pair(isolation, dir), {}, { concurrency: 2 });
      assert.equal(run.status, "succeeded", run.error ?? "");
      return ["a", "b"].map((name) => ({ began: tasks[name]!.outputs!.began as number, ended: tasks[name]!.outputs!.ended as number }));
    };
    const overlap = ([a, b]: { began: number; ended: number }[]) => a!.began < b!.ended && b!.began < a!.ended;
    assert.ok(overlap(await spans("thread")), "the two thread tasks computed at the same time");
    assert.ok(!overlap(await spans("inline")), "two inline tasks cannot compute at once: the check itself is sound");
  });

  it("renews the run's lease while a thread task computes", async () => {
    const until = join(project.dir, "stop-computing");
    const engine = project.engine({ executors: { thread: new ThreadExecutor({ threads: 1 }) }, leaseMs: 300 });
    const started = crunching(engine);
    const { id, done } = await start(engine, one, { ms: 20_000, until });
    await started;
    const first = (await project.store.getRun(id))?.leaseExpiresAt;
    let renewed = false;
    for (let i = 0; i < 100 && !renewed; i++) {
      await sleep(50);
      const now = (await project.store.getRun(id))?.leaseExpiresAt;
      renewed = now != null && first != null && now > first;
    }
    await writeFile(until, "");
    const run = await done;
    assert.ok(renewed, "the lease was renewed while the task computed");
    assert.equal(run.status, "succeeded", run.error ?? "");
  });

  it("ends a thread task's thread on timeout", async () => {
    // The pool's one thread, started: the task that times out runs there.
    const warm = await runOn(single, one);
    const { run, tasks } = await runOn(single, timingOut);
    assert.equal(run.status, "failed");
    assert.match(tasks.crunch?.error ?? "", /timed out after 0.3s/);
    const next = await runOn(single, one);
    assert.equal(next.run.status, "succeeded", next.run.error ?? "");
    assert.notEqual(await threadOf(next.tasks.crunch!.id), await threadOf(warm.tasks.crunch!.id), "the computing thread was ended, not waited for");
  });

  it("ends a thread task's thread when its run is cancelled", async () => {
    const cancel = new AbortController();
    const started = crunching(single);
    const { done } = await start(single, one, { ms: 60_000 }, {}, cancel.signal);
    const thread = await started;
    cancel.abort();
    const run = await done;
    assert.equal(run.status, "cancelled");
    const next = await runOn(single, one);
    assert.equal(next.run.status, "succeeded", next.run.error ?? "");
    assert.notEqual(await threadOf(next.tasks.crunch!.id), thread, "the computing thread was ended, not waited for");
  });

  for (const how of ["exit", "throw"] as const) {
    it(`fails a task whose thread dies (${how}), and the pool goes on`, async () => {
      const { run, tasks } = await runOn(single, crashing, { how });
      assert.equal(run.status, "failed");
      assert.match(tasks.crash?.error ?? "", /task "crash": its worker thread stopped before finishing/);
      const next = await runOn(single, one);
      assert.equal(next.run.status, "succeeded", next.run.error ?? "");
    });
  }
});
