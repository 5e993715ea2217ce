/** The engine's behaviour, run against each metadata store. */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { type CacheKeyParts, explainCacheMiss } from "../../src/engine/cache-key.ts";
import { compile } from "../../src/compiler/compile.ts";
import { REPO_ROOT, type StoreKind, type TestProject, testProject } from "../helpers/project.ts";
import * as P from "./fixtures/pipelines.ts";

async function lines(file: string): Promise<string[]> {
  return (await readFile(file, "utf8").catch(() => "")).split("\n").filter(Boolean);
}

export function engineSuite(kind: StoreKind): void {
  describe(`engine on ${kind}`, () => {
    let project: TestProject;
    before(async () => {
      project = await testProject(kind);
    });
    after(async () => {
      await project.cleanup();
    });

    it("runs a graph, records outputs, artifacts, lineage, metrics and logs", async () => {
      const { run, tasks } = await project.run(P.train, { rows: 9 });
      assert.equal(run.status, "succeeded", run.error ?? "");
      assert.deepEqual(
        Object.values(tasks).map((t) => t.status),
        ["succeeded", "succeeded", "succeeded"],
      );
      assert.equal(tasks["make-data"]?.outputs?.count, 9);
      assert.equal(tasks["fit-a"]?.outputs?.score, 0.9);
      assert.equal(tasks["fit-b"]?.outputs?.score, 1.8);
      const fitA = tasks["fit-a"]!;
      const lineage = await project.store.taskLineage(fitA.id);
      const input = lineage.find((e) => e.kind === "input");
      const outputs = lineage.filter((e) => e.kind === "output").map((e) => e.name).sort();
      assert.equal(input?.name, "data");
      assert.equal(input?.artifact.type, "Dataset");
      assert.deepEqual(input?.artifact.metadata, { rows: 9 });
      assert.deepEqual(outputs, ["metrics", "model"]);
      const produced = await project.store.artifactLineage(input!.artifact.id);
      assert.ok(produced.some((e) => e.kind === "output" && e.task.name === "make-data"));
      assert.ok(produced.some((e) => e.kind === "input" && e.task.name === "fit-b"));
      for (const e of lineage) await project.artifacts.verify(e.artifact.uri, e.artifact.digest);
      const metrics = await project.store.listMetrics(run.id);
      assert.ok(metrics.some((m) => m.name === "score" && m.taskId === fitA.id && m.value === 0.9));
      assert.ok(metrics.some((m) => m.name === "loss" && m.step === 1));
      const [attempt] = await project.store.listAttempts(fitA.id);
      const logs = await project.store.readLogs([attempt!.id]);
      assert.deepEqual(
        logs.map((l) => l.message),
        ["fitted on 9 rows"],
      );
    });

    it("reuses identical executions from the cache and records where they came from", async () => {
      const first = await project.run(P.train, { rows: 4 });
      const second = await project.run(P.train, { rows: 4 });
      assert.equal(second.run.status, "succeeded");
      assert.equal(second.tasks["make-data"]?.status, "cached");
      assert.equal(second.tasks["make-data"]?.cachedFromTaskId, first.tasks["make-data"]?.id);
      assert.equal(second.tasks["fit-a"]?.status, "cached");
      assert.equal(second.tasks["fit-a"]?.outputs?.score, 0.4);
      assert.equal(second.tasks["fit-b"]?.status, "succeeded", "cache: false on the call runs every time");
      const cachedLineage = await project.store.taskLineage(second.tasks["fit-a"]!.id);
      assert.deepEqual(
        cachedLineage.map((e) => `${e.kind}:${e.name}`).sort(),
        ["input:data", "output:metrics", "output:model"],
        "a cache hit records what it used and what it has",
      );

      const changed = await project.run(P.train, { rows: 4, scale: 3 });
      assert.equal(changed.tasks["make-data"]?.status, "cached");
      assert.equal(changed.tasks["fit-a"]?.status, "succeeded", "a changed parameter is a miss");
      const noCache = await project.run(P.train, { rows: 4 }, { noCache: true });
      assert.equal(noCache.tasks["make-data"]?.status, "succeeded");
    });

    it("records the cache key of tasks that do not look it up, so later runs hit them", async () => {
      const uncached = await project.run(P.train, { rows: 6 }, { noCache: true });
      assert.equal(uncached.run.status, "succeeded", uncached.run.error ?? "");
      for (const task of Object.values(uncached.tasks)) {
        assert.match(task.cacheKey ?? "", /^sha256:[0-9a-f]{64}$/, `${task.name} records its key when it ends`);
        assert.ok(task.cacheKeyParts, `${task.name} records the key's parts`);
      }
      const later = await project.run(P.train, { rows: 6 });
      assert.equal(later.tasks["make-data"]?.status, "cached");
      assert.equal(later.tasks["make-data"]?.cachedFromTaskId, uncached.tasks["make-data"]?.id);
      assert.equal(later.tasks["fit-a"]?.cacheKey, uncached.tasks["fit-a"]?.cacheKey);
      assert.equal(later.tasks["fit-b"]?.cacheKey, uncached.tasks["fit-b"]?.cacheKey, "cache: false records it too");

      const failed = await project.run(P.retrying, { succeedOn: 9 }, { noCache: true });
      assert.equal(failed.run.status, "failed");
      assert.match(failed.tasks.flaky?.cacheKey ?? "", /^sha256:/, "a failed attempt records it as well");
    });

    it("keeps reusing outputs from the cache once the run that computed them is deleted", async () => {
      const computed = await project.run(P.train, { rows: 5 });
      const reused = await project.run(P.train, { rows: 5 });
      assert.equal(reused.tasks["fit-a"]?.cachedFromTaskId, computed.tasks["fit-a"]?.id);
      await project.store.deleteRun(computed.run.id);

      const later = await project.run(P.train, { rows: 5 });
      assert.equal(later.run.status, "succeeded", later.run.error ?? "");
      assert.deepEqual(
        ["make-data", "fit-a", "fit-b"].map((t) => later.tasks[t]?.status),
        ["cached", "cached", "succeeded"],
        "reused from the run that had reused them (fit-b has cache: false)",
      );
      assert.equal(later.tasks["fit-a"]?.cachedFromTaskId, reused.tasks["fit-a"]?.id);
      assert.deepEqual(later.tasks["fit-a"]?.outputs, reused.tasks["fit-a"]?.outputs);
      const outputs = async (id: string) =>
        (await project.store.taskLineage(id)).filter((e) => e.kind === "output").map((e) => `${e.name}:${e.artifact.digest}`).sort();
      assert.deepEqual(await outputs(later.tasks["fit-a"]!.id), await outputs(reused.tasks["fit-a"]!.id));
    });

    it("retries with backoff and records one attempt each", async () => {
      const { run, tasks } = await project.run(P.retrying, { succeedOn: 3 });
      assert.equal(run.status, "succeeded");
      assert.equal(tasks.flaky?.outputs?.attempt, 3);
      const attempts = await project.store.listAttempts(tasks.flaky!.id);
      assert.deepEqual(
        attempts.map((a) => a.status),
        ["failed", "failed", "succeeded"],
      );
      assert.match(attempts[0]?.error ?? "", /attempt 1 failed on purpose/);
    });

    it("removes each ended attempt's staging folder, outputs and scratch files it left", async () => {
      const { run, tasks } = await project.run(P.messyRetry);
      assert.equal(run.status, "succeeded", run.error ?? "");
      const [output] = (await project.store.taskLineage(tasks.messy!.id)).filter((e) => e.kind === "output");
      assert.equal(await readFile(project.artifacts.localPath(output!.artifact.uri), "utf8"), "a,b\n1,2\n");
      assert.equal(existsSync(join(project.dir, ".conveyor", "staging", run.id)), false);
      const failed = await project.run(P.failing, { file: join(project.dir, "staging-marks.txt") });
      assert.equal(failed.run.status, "failed");
      assert.equal(existsSync(join(project.dir, ".conveyor", "staging", failed.run.id)), false);
    });

    it("skips the downstream of a failure, finishes independent branches and runs exit handlers", async () => {
      const file = join(project.dir, `failing-${Date.now()}.txt`);
      const { run, tasks } = await project.run(P.failing, { file });
      assert.equal(run.status, "failed");
      assert.match(run.error ?? "", /task "flaky" failed: attempt 1 failed on purpose/);
      assert.equal(tasks.flaky?.status, "failed");
      assert.equal(tasks.mark?.status, "skipped");
      assert.equal(tasks.independent?.status, "succeeded");
      assert.equal(tasks.report?.status, "succeeded");
      assert.deepEqual(await lines(file), ["independent", "exit:failed"]);
    });

    it("stops other tasks at the first failure with failFast", async () => {
      const started = Date.now();
      const { run, tasks } = await project.run(P.failFast, {}, { failFast: true });
      assert.equal(run.status, "failed");
      assert.equal(tasks.flaky?.status, "failed");
      assert.ok(tasks.wait?.status === "cancelled" || tasks.wait?.status === "skipped", tasks.wait?.status);
      assert.ok(Date.now() - started < 4000, "the 5 s task was not waited for");
    });

    it("fails a task that outlives its timeout, even when it ignores its signal", async () => {
      const { run, tasks } = await project.run(P.timingOut, { isolation: "inline" });
      assert.equal(run.status, "failed");
      assert.match(tasks["inline-wait"]?.error ?? "", /timed out after 0.2s/);
    });

    it("kills an isolated task on timeout", async () => {
      const started = Date.now();
      const { run, tasks } = await project.run(P.timingOutIsolated);
      assert.equal(run.status, "failed");
      assert.match(tasks.wait?.error ?? "", /timed out after 0.3s/);
      assert.ok(Date.now() - started < 8000);
    });

    it("counts resources.cpu against the concurrency, so two 2-core tasks do not overlap on 2 slots", async () => {
      const { run, tasks } = await project.run(P.heavy, {}, { concurrency: 2 });
      assert.equal(run.status, "succeeded");
      const [first, second] = [tasks["heavy-a"]!, tasks["heavy-b"]!].sort((a, b) => a.startedAt!.getTime() - b.startedAt!.getTime());
      assert.ok(second!.startedAt!.getTime() >= first!.endedAt!.getTime(), "the second started after the first ended");
    });

    it("evaluates conditions on outputs and parameters", async () => {
      const good = await project.run(P.conditional, { threshold: 0.5 });
      assert.equal(good.run.status, "succeeded");
      assert.equal(good.tasks["when-good"]?.status, "succeeded");
      assert.equal(good.tasks["when-bad"]?.status, "skipped");
      const bad = await project.run(P.conditional, { threshold: 5 });
      assert.equal(bad.tasks["when-good"]?.status, "skipped");
      assert.equal(bad.tasks["when-bad"]?.status, "succeeded");
    });

    it("fans out over a list known only at run time and collects the outputs in order", async () => {
      const { run, tasks } = await project.run(P.fanOut, { n: 5 });
      assert.equal(run.status, "succeeded", run.error ?? "");
      const its = Object.values(tasks).filter((t) => t.node === "fit-model");
      assert.deepEqual(
        its.map((t) => t.name),
        ["fit-model[0]", "fit-model[1]", "fit-model[2]", "fit-model[3]", "fit-model[4]"],
      );
      assert.deepEqual(
        its.map((t) => t.outputs?.score),
        [0.4, 0.8, 1.2, 1.6, 2],
      );
      assert.equal(tasks["pick-best"]?.outputs?.count, 5);
      assert.equal(tasks["pick-best"]?.outputs?.best, 2);
      const empty = await project.run(P.fanOut, { n: 0 });
      assert.equal(empty.run.status, "succeeded");
      assert.equal(empty.tasks["pick-best"]?.outputs?.count, 0);
    });

    it("inlines a pipeline used as a component", async () => {
      const { run, tasks } = await project.run(P.nested);
      assert.equal(run.status, "succeeded");
      assert.equal(tasks["prepare.make-data"]?.outputs?.count, 7);
      assert.equal(tasks["fit-model"]?.outputs?.score, 0.7);
    });

    it("assembles parameter values with references among their parts, and checks each value against its input", async () => {
      const { run, tasks } = await project.run(P.assembled, { rows: 4 });
      assert.equal(run.status, "succeeded", run.error ?? "");
      assert.deepEqual(tasks["echo-config"]?.outputs?.config, { rows: 4, tags: ["a", 4], nested: { fixed: true } });
      // The pipeline parameter takes any number; the task's input takes at most 1.
      const bad = await project.run(P.assembled, { fraction: 5 });
      assert.equal(bad.run.status, "failed");
      assert.equal(bad.tasks["echo-config"]?.error, 'input "fraction" of task "echo-config" must be at most 1, got 5');
    });

    it("fans out over a list whose items are references and constants", async () => {
      const { run, tasks } = await project.run(P.mixedItems, { first: { lr: 0.1 } });
      assert.equal(run.status, "succeeded", run.error ?? "");
      const configs = Object.values(tasks).filter((t) => t.node === "echo-config").map((t) => t.outputs?.config);
      assert.deepEqual(configs, [{ lr: 0.1 }, 2, { fixed: true }]);
    });

    it("reports each committed change to its subscribers until they unsubscribe", async () => {
      const seen: string[] = [];
      const engine = project.engine();
      const ir = await compile(P.train, { root: REPO_ROOT });
      const unsubscribe = engine.subscribe((e) => {
        if (e.type === "task") seen.push(`${e.task.name} ${e.task.status}`);
        if (e.type === "run") seen.push(`run ${e.run.status}`);
      });
      const run = await engine.execute((await engine.createRun(ir, { rows: 3 }, { concurrency: 1, noCache: true })).id);
      assert.equal(run.status, "succeeded");
      assert.deepEqual(seen.filter((s) => s.startsWith("run")), ["run running", "run succeeded"]);
      // The run starts in the transaction that starts its first task, and is reported first.
      assert.deepEqual(seen.slice(0, 2), ["run running", "make-data running"]);
      for (const task of ["make-data", "fit-a", "fit-b"]) {
        assert.deepEqual(seen.filter((s) => s.startsWith(`${task} `)), [`${task} running`, `${task} succeeded`]);
      }
      unsubscribe();
      const before = seen.length;
      await engine.execute((await engine.createRun(ir, { rows: 4 })).id);
      assert.equal(seen.length, before);
    });

    it("cancels gracefully and resumes without re-running completed tasks", async () => {
      const file = join(project.dir, `chain-${Date.now()}.txt`);
      const engine = project.engine();
      const ir = await compile(P.slowChain, { root: REPO_ROOT });
      const created = await engine.createRun(ir, { file, ms: 120 }, { concurrency: 1 });
      const controller = new AbortController();
      const watcher = setInterval(async () => {
        if ((await lines(file)).length >= 2) controller.abort();
      }, 20);
      const cancelled = await engine.execute(created.id, controller.signal);
      clearInterval(watcher);
      assert.equal(cancelled.status, "cancelled");
      const done = (await lines(file)).length;
      assert.ok(done >= 2 && done < 8, `completed ${done}`);
      const left = Object.values(await project.tasksOf(created.id)).filter((t) => t.status !== "succeeded");
      const resumedAt = Date.now();
      const resumed = await project.engine().execute(created.id);
      assert.equal(resumed.status, "succeeded");
      assert.deepEqual(await lines(file), ["t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7"]);
      const after = await project.tasksOf(created.id);
      for (const { name } of left) {
        // Its duration must not count the time the run sat cancelled, nor the cancelled attempt.
        assert.ok((after[name]?.startedAt?.getTime() ?? 0) >= resumedAt, `${name} started again at its resume`);
      }
    });

    it("runs isolated tasks in a child process and stores their console output", async () => {
      const { run, tasks } = await project.run(P.isolated);
      assert.equal(run.status, "succeeded", run.error ?? "");
      assert.notEqual(tasks.noisy?.outputs?.pid, process.pid);
      // Its lexer's memory growth detaches an ArrayBuffer, which slows every typed array loop.
      assert.equal(tasks.noisy?.outputs?.commonJsHook, false, "the child loaded tsx's CommonJS hook");
      const [attempt] = await project.store.listAttempts(tasks.noisy!.id);
      const logs = await project.store.readLogs([attempt!.id]);
      assert.ok(logs.some((l) => l.stream === "stdout" && l.message === "hello from a child process"));
      assert.ok(logs.some((l) => l.stream === "stderr" && l.message === "a warning on stderr"));
    });

    it("fails an isolated task that exceeds its memory limit", async () => {
      const { run, tasks } = await project.run(P.isolated, { mb: 400 });
      assert.equal(run.status, "failed");
      assert.match(tasks.noisy?.error ?? "", /ran out of memory \(limit 64 MiB\)/);
    });

    it("keys a file parameter by the file's content and hands the task an absolute path", async () => {
      const source = join(project.dir, `input-${Date.now()}.txt`);
      await writeFile(source, "first");
      const given = relative(REPO_ROOT, source);
      const first = await project.run(P.readsFile, { source: given });
      assert.equal(first.tasks["read-input"]?.outputs?.text, "first");
      assert.equal(first.tasks["read-input"]?.outputs?.path, source);
      const same = await project.run(P.readsFile, { source: given });
      assert.equal(same.tasks["read-input"]?.status, "cached");
      await writeFile(source, "second");
      const edited = await project.run(P.readsFile, { source: given });
      assert.equal(edited.tasks["read-input"]?.status, "succeeded", "an edited file is a cache miss");
      assert.equal(edited.tasks["read-input"]?.outputs?.text, "second");
      const [before, after] = [same, edited].map((r) => r.tasks["read-input"]?.cacheKeyParts as unknown as CacheKeyParts);
      assert.deepEqual(explainCacheMiss(before!, after!), [
        `content of input file "source" changed: "${before!.files.source}" → "${after!.files.source}"`,
      ]);
    });

    it("refuses an input artifact whose content no longer matches its digest", async () => {
      const first = await project.run(P.train, { rows: 6 });
      const [data] = (await project.store.taskLineage(first.tasks["make-data"]!.id)).filter((e) => e.kind === "output");
      const path = project.artifacts.localPath(data!.artifact.uri);
      const text = await readFile(path, "utf8");
      await writeFile(path, text.replace("0,0", "9,9"));
      const second = await project.run(P.train, { rows: 6, scale: 5 });
      assert.equal(second.tasks["make-data"]?.status, "cached");
      assert.equal(second.tasks["fit-a"]?.status, "failed");
      assert.match(second.tasks["fit-a"]?.error ?? "", /sha256/);
    });
  });
}
