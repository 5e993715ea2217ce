/** Tracking from any code (startRun … endRun), run context, best run and the model registry API, on both stores. */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { LocalEngine } from "../../src/executors/local-engine.ts";
import { compile } from "../../src/compiler/compile.ts";
import {
  bestRun,
  endRun,
  logArtifact,
  logMetric,
  logParams,
  parseModelRef,
  registerModelVersion,
  resolveModel,
  setTags,
  startRun,
} from "../../src/index.ts";
import { REPO_ROOT, type StoreKind, type TestProject, testProject } from "../helpers/project.ts";
import { conveyorError } from "../store/expect-conveyor-error.ts";
import { failFast } from "../engine/fixtures/pipelines.ts";

for (const kind of ["sqlite", "postgres"] as StoreKind[]) {
  describe(`tracking API on ${kind}`, () => {
    let p: TestProject;
    before(async () => {
      p = await testProject(kind);
    });
    after(() => p.cleanup());

    const start = (experiment = "churn", extra = {}) => startRun({ experiment, root: p.dir, store: p.store, artifacts: p.artifacts, ...extra });

    it("records params, metrics with steps, tags and an artifact in a run of its own", async () => {
      const run = await start("churn", { params: { lr: 0.1 }, tags: { team: "fraud" } });
      await logParams({ trees: 200 });
      for (let step = 0; step < 3; step++) logMetric("loss", 1 / (step + 1), step);
      logMetric("auc", 0.93);
      await setTags({ stage: "tuning" });
      const file = join(p.dir, "model.json");
      await writeFile(file, JSON.stringify({ weights: [1, 2] }));
      const artifact = await logArtifact(file, { type: "Model", name: "model" });
      const ended = await endRun();

      assert.deepEqual(
        [ended.id, ended.status, ended.trigger, ended.pipelineName, ended.experiment, ended.error],
        [run.id, "succeeded", "api", "api", "churn", null],
      );
      assert.deepEqual(ended.params, { lr: 0.1, trees: 200 });
      assert.ok(ended.endedAt && ended.startedAt && ended.endedAt >= ended.startedAt);
      assert.deepEqual((await p.store.metricHistory(run.id, "loss")).map((m) => [m.step, m.value]), [
        [0, 1],
        [1, 0.5],
        [2, 1 / 3],
      ]);
      assert.deepEqual(await p.store.latestMetrics(run.id), { main: { auc: 0.93, loss: 1 / 3 } });
      assert.deepEqual(await p.store.getRunTags(run.id), { stage: "tuning", team: "fraud" });
      assert.deepEqual([artifact.type, artifact.mediaType, artifact.size], ["Model", "application/json", 17]);

      const [main] = await p.store.listTasks(run.id);
      assert.deepEqual([main?.name, main?.status, main?.attempts], ["main", "succeeded", 1]);
      const outputs = await p.store.taskLineage(main?.id as string);
      assert.deepEqual(outputs.map((e) => [e.kind, e.name, e.artifact.digest]), [["output", "model", artifact.digest]]);
      const [attempt] = await p.store.listAttempts(main?.id as string);
      assert.equal(attempt?.status, "succeeded");
      assert.equal(existsSync(join(p.dir, ".conveyor", "staging", run.id)), false, "nothing staged is left behind");

      const context = await p.store.getRunContext(run.id);
      assert.equal(context?.code, null, "a temporary folder is not a git repository");
      assert.equal(context?.environment.node, process.version);
      assert.match(context?.environment.conveyor ?? "", /^\d+\.\d+\.\d+/);
    });

    it("writes every buffered point when the run ends", async () => {
      const run = await start("many");
      for (let i = 0; i < 2500; i++) logMetric("loss", 1 / (i + 1), i);
      await endRun();
      const history = await p.store.metricHistory(run.id, "loss");
      assert.equal(history.length, 2500);
      assert.deepEqual(history.map((h) => h.step), Array.from({ length: 2500 }, (_, i) => i));
    });

    it("records a failure with its message", async () => {
      const run = await start();
      const ended = await endRun("failed", "diverged at epoch 3");
      assert.deepEqual([ended.status, ended.error], ["failed", "diverged at epoch 3"]);
      assert.equal((await p.store.listTasks(run.id))[0]?.status, "failed");
    });

    it("refuses misuse with a ConveyorError, leaving the run usable", async () => {
      assert.throws(() => logMetric("loss", 1), conveyorError("no_active_run"));
      await assert.rejects(endRun(), conveyorError("no_active_run"));
      const run = await start();
      await assert.rejects(start(), conveyorError("run_active", run.id));
      assert.throws(() => logMetric("loss", Number.NaN), conveyorError("invalid_metric", "loss", "NaN"));
      assert.throws(() => logMetric("loss", 1, 1.5), conveyorError("invalid_metric", "1.5"));
      await logParams({ lr: 0.1 });
      await assert.rejects(logParams({ lr: 0.2 }), conveyorError("param_conflict", "lr"));
      await assert.rejects(logArtifact(join(p.dir, "missing.bin")), conveyorError("not_found", "missing.bin"));
      const file = join(p.dir, "notes.txt");
      await writeFile(file, "hello");
      await logArtifact(file);
      await assert.rejects(logArtifact(file), conveyorError("exists", '"notes.txt"'));
      logMetric("loss", 0.5);
      const ended = await endRun();
      assert.equal(ended.status, "succeeded");
      assert.deepEqual(await p.store.latestMetrics(run.id), { main: { loss: 0.5 } });
      await assert.rejects(run.logParams({ x: 1 }), conveyorError("run_finished", run.id));
    });

    it("keeps several runs apart through the objects startRun returns", async () => {
      const a = await start("par");
      await endRun();
      const b = await start("par");
      b.logMetric("auc", 0.7);
      await b.end();
      assert.equal(a.ended && b.ended, true);
      assert.deepEqual(await p.store.latestMetrics(b.id), { main: { auc: 0.7 } });
      assert.deepEqual(await p.store.latestMetrics(a.id), {});
    });

    it("finds the best run by a metric, highest or lowest, within a filter", async () => {
      const runs = [];
      for (const [trees, auc] of [
        [100, 0.81],
        [300, 0.86],
        [50, 0.88],
      ] as const) {
        const r = await start("best", { params: { trees } });
        logMetric("auc", auc);
        await endRun();
        runs.push(r.id);
      }
      assert.equal((await bestRun(p.store, "auc", { experiment: "best" }))?.id, runs[2]);
      assert.equal((await bestRun(p.store, "auc", { experiment: "best", minimize: true }))?.id, runs[0]);
      assert.equal((await bestRun(p.store, "auc", { experiment: "best", where: "params.trees >= 100" }))?.id, runs[1]);
      assert.equal(await bestRun(p.store, "nope", { experiment: "best" }), undefined);
    });

    it("registers a tracked run's artifact and resolves models:/ URIs to it", async () => {
      const run = await start("registry");
      logMetric("auc", 0.9);
      for (const n of [1, 2]) {
        const file = join(p.dir, `model-${n}.json`);
        await writeFile(file, JSON.stringify({ n }));
        await logArtifact(file, { name: `model-${n}`, type: "Model", metadata: { signature: { inputs: ["x"], outputs: ["y"] } } });
      }
      await endRun();
      const v1 = await registerModelVersion(p.store, { name: "reg", run: run.id, task: "main", output: "model-1", actor: "ada" });
      const v2 = await registerModelVersion(p.store, { name: "reg", run: run.id.slice(0, 10), task: "main", output: "model-2", alias: "champion", reason: "newer" });
      assert.deepEqual([v1.version, v1.metrics, v1.signature, v1.createdBy], [1, { auc: 0.9 }, { inputs: ["x"], outputs: ["y"] }, "ada"]);
      assert.deepEqual([v2.version, v2.aliases, v2.runId], [2, ["champion"], run.id]);

      assert.equal((await resolveModel(p.store, "models:/reg/1")).digest, v1.digest);
      assert.equal((await resolveModel(p.store, "models:/reg@champion")).version, 2);
      assert.equal((await resolveModel(p.store, "reg@champion")).version, 2);
      await assert.rejects(resolveModel(p.store, "models:/reg/3"), conveyorError("not_found", "no version 3"));
      await assert.rejects(resolveModel(p.store, "models:/reg@prod"), conveyorError("not_found", 'no alias "prod"'));
      await assert.rejects(resolveModel(p.store, "models:/nope/1"), conveyorError("not_found", '"nope"'));
      await assert.rejects(
        registerModelVersion(p.store, { name: "reg", run: run.id, task: "main", output: "model-1" }),
        conveyorError("duplicate_version", "version 1"),
      );
      await assert.rejects(registerModelVersion(p.store, { name: "reg", run: run.id, task: "train", output: "x" }), conveyorError("not_found", '"train"'));
      await assert.rejects(
        registerModelVersion(p.store, { name: "reg", run: run.id, task: "main", output: "model" }),
        conveyorError("not_found", '"model"'),
      );
      await assert.rejects(registerModelVersion(p.store, { name: "reg", run: "zzzzzzzz", task: "main" }), conveyorError("not_found", "zzzzzzzz"));
    });

    it("records the experiment, tags and code version of a pipeline run, and will not resume a tracked run", async () => {
      const engine = p.engine();
      const created = await engine.createRun(await compile(failFast, { root: REPO_ROOT }), {}, {}, "cli", { experiment: "chains", tags: { a: "b" } });
      assert.equal(created.experiment, "chains");
      assert.deepEqual(await p.store.getRunTags(created.id), { a: "b" });
      const context = await p.store.getRunContext(created.id);
      const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: REPO_ROOT, encoding: "utf8" }).trim();
      assert.equal(context?.code?.commit, head);
      assert.equal(typeof context?.code?.dirty, "boolean");
      assert.equal(typeof context?.environment.packages.kysely, "string");

      const tracked = await start();
      await endRun();
      await assert.rejects(new LocalEngine({ store: p.store, artifacts: p.artifacts, root: REPO_ROOT }).execute(tracked.id), conveyorError("not_resumable", tracked.id));
    });
  });
}

describe("model references", () => {
  it("parses versions and aliases, with or without models:/", () => {
    assert.deepEqual(parseModelRef("models:/churn/3"), { name: "churn", version: 3 });
    assert.deepEqual(parseModelRef("models:/churn@champion"), { name: "churn", alias: "champion" });
    assert.deepEqual(parseModelRef("fraud.v2/12"), { name: "fraud.v2", version: 12 });
    for (const bad of ["models:/churn", "models:/churn/0", "models:/churn/x", "churn@3", "models:/@x", "models:/a/b/1", ""]) {
      assert.throws(() => parseModelRef(bad), conveyorError("invalid_model_uri"), bad);
    }
  });
});
