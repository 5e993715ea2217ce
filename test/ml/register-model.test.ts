/** register-model: versions with signatures, an alias, and "only if better than the champion", inline, in a worker thread and in a child process, on both stores. */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { stripVTControlCharacters } from "node:util";
import { renderVersion } from "../../src/cli/model-view.ts";
import { ingestCsv, param, pipeline, registerModel, registerModelVersion, splitData, trainModel } from "../../src/index.ts";
import type { Isolation } from "../../src/ir/schema.ts";
import type { TaskRecord } from "../../src/store/types.ts";
import { REPO_ROOT, type StoreKind, type TestProject, testProject } from "../helpers/project.ts";
import { registerThenFail } from "./register-fixtures.ts";

interface Setup {
  /** The registered model's name: each test keeps its own. */
  model: string;
  /** Logistic regression's inverse regularisation: small is a worse model on breast cancer. */
  C?: number;
  isolation?: Isolation;
}

function registering({ model, C, isolation = "inline" }: Setup) {
  return pipeline(
    {
      name: "register",
      params: {
        alias: param.string({ default: "champion" }),
        onlyIfBetter: param.boolean({ default: true }),
        metric: param.string({ default: "rocAuc" }),
        minDelta: param.number({ default: 0 }),
        evaluate: param.boolean({ default: true }),
      },
    },
    (p) => {
      const raw = ingestCsv({ path: join(REPO_ROOT, "data/breast_cancer.csv") });
      const split = splitData({ data: raw.outputs.data, target: "target" });
      const fit = trainModel({ data: split.outputs.train, target: "target", kind: "logistic-regression", params: C === undefined ? {} : { C } });
      registerModel(
        { model: fit.outputs.model, data: split.outputs.test, name: model, alias: p.alias, onlyIfBetter: p.onlyIfBetter, metric: p.metric, minDelta: p.minDelta },
        { isolation },
      );
    },
  );
}

/** A retried task registers nothing twice: its second attempt gets the version its first one registered. */
function retried(isolation: Isolation) {
  return pipeline({ name: "retried" }, () => {
    const raw = ingestCsv({ path: join(REPO_ROOT, "data/breast_cancer.csv") });
    const fit = trainModel({ data: raw.outputs.data, target: "target", kind: "logistic-regression" });
    registerThenFail({ model: fit.outputs.model, name: `retried-${isolation}` }, { isolation, retry: { attempts: 2, backoff: 0 } });
  });
}

interface Report {
  registered: boolean;
  decision: string;
  candidate: { scores: Record<string, number> };
  champion: { uri: string; scores: Record<string, number> | null } | null;
  check: { metric: string; value: number; champion: number; passed: boolean } | null;
}

for (const kind of ["sqlite", "postgres"] as StoreKind[]) {
  describe(`register-model on ${kind}`, () => {
    let project: TestProject;
    before(async () => {
      project = await testProject(kind);
    });
    after(() => project.cleanup());

    async function registerRun(setup: Setup, params: Record<string, unknown> = {}) {
      const { run, tasks } = await project.run(registering(setup), params);
      assert.equal(run.status, "succeeded", run.error ?? "");
      const task = tasks["register-model"] as TaskRecord;
      return { run, task, outputs: task.outputs as { registered: boolean; version: number; uri: string }, report: await reportOf(task) };
    }

    /** The model versions a task read from the registry, from its lineage: [uri, artifact id]. */
    async function registryReads(task: TaskRecord): Promise<[string, string][]> {
      const events = await project.store.taskLineage(task.id);
      return events.filter((e) => e.kind === "input" && e.name.startsWith("models:/")).map((e) => [e.name, e.artifactId]);
    }

    async function reportOf(task: TaskRecord): Promise<Report> {
      const events = await project.store.taskLineage(task.id);
      const artifact = events.find((e) => e.kind === "output" && e.name === "report")!.artifact;
      assert.equal(artifact.type, "Metrics");
      return JSON.parse(await readFile(project.artifacts.localPath(artifact.uri), "utf8"));
    }

    it("registers the first version as champion, with the task as its source, its signature and its metrics", async () => {
      const { run, task, outputs, report } = await registerRun({ model: "first", C: 0.0005 });
      assert.deepEqual(outputs, { registered: true, version: 1, uri: "models:/first/1" });
      assert.equal(report.champion, null, "no version held the alias before");

      const v = await project.store.getModelVersion("first", 1);
      assert.ok(v);
      assert.equal(v.runId, run.id);
      assert.equal(v.taskId, task.id);
      assert.deepEqual(v.aliases, ["champion"]);
      assert.equal(v.createdBy, `run:${run.id}`);
      assert.ok(v.metrics["train.accuracy"]! > 0.8, "the training metrics of the model file");
      assert.equal(v.metrics.rocAuc, report.candidate.scores.rocAuc, "the scores on the held-out rows");
      const inputs = v.signature?.inputs as { columns: { name: string; type: string }[] };
      assert.equal(inputs.columns.length, 30);
      assert.deepEqual(inputs.columns[0], { name: "mean radius", type: "number" });
      assert.deepEqual(v.signature?.outputs, {
        task: "classification",
        prediction: { name: "target", type: "number" },
        probabilities: { type: "number", classes: [0, 1] },
      });

      const shown = stripVTControlCharacters(renderVersion(v, task.name));
      assert.match(shown, /inputs +30 columns: mean radius \(number\), mean texture \(number\), /);
      assert.match(shown, /outputs +target \(number\), classification of 0, 1 with probabilities/);

      const [event] = await project.store.aliasEvents("first", "champion");
      assert.deepEqual([event?.fromVersion, event?.toVersion, event?.actor, event?.reason], [null, 1, `run:${run.id}`, "no version held champion before"]);
      assert.equal((await project.store.artifactModelVersions(v.artifactId)).length, 1);
    });

    it("leaves the champion where it is for the same model, and for a worse one", async () => {
      await registerRun({ model: "kept" });
      const same = await registerRun({ model: "kept" });
      assert.deepEqual(same.outputs, { registered: false, version: 0, uri: "" });
      assert.match(same.report.decision, /^model "kept" already has this artifact \(sha256:[0-9a-f]{12}…\) as version 1$/);
      assert.equal(same.report.check, null, "the champion is not compared with itself");

      const worse = await registerRun({ model: "kept", C: 0.0005 });
      assert.deepEqual(worse.outputs, { registered: false, version: 0, uri: "" });
      // The champion it read is in its lineage, as an input named by the version's URI.
      const champion = await project.store.getModelVersion("kept", 1);
      assert.deepEqual(await registryReads(worse.task), [["models:/kept/1", champion?.artifactId]]);
      assert.equal(worse.report.check?.passed, false);
      assert.ok(worse.report.check!.value < worse.report.check!.champion);
      assert.equal(worse.report.champion?.uri, "models:/kept/1");
      assert.equal(typeof worse.report.champion?.scores?.accuracy, "number", "every score of the champion");
      assert.match(worse.report.decision, /^rocAuc 0\.9\d+ is not at least as good as the champion's (1|0\.9\d+) \(models:\/kept\/1\)$/);

      const model = await project.store.getModel("kept");
      assert.deepEqual([model?.latestVersion, model?.aliases], [1, { champion: 1 }]);
      assert.equal((await project.store.aliasEvents("kept")).length, 1);
    });

    it("moves the champion to a better model, with an audit event saying why", async () => {
      await registerRun({ model: "moved", C: 0.0005 });
      const notByEnough = await registerRun({ model: "moved" }, { minDelta: 0.5 });
      assert.equal(notByEnough.outputs.registered, false);
      assert.match(notByEnough.report.decision, /is not better by at least 0\.5 than the champion's/);

      const better = await registerRun({ model: "moved" }, { metric: "logLoss" });
      assert.deepEqual(better.outputs, { registered: true, version: 2, uri: "models:/moved/2" });
      assert.ok(better.report.check!.value < better.report.check!.champion, "a lower log loss is better");
      const events = await project.store.aliasEvents("moved", "champion");
      assert.deepEqual(
        events.map((e) => [e.fromVersion, e.toVersion, e.actor]),
        [
          [null, 1, `run:${events[0]!.actor.slice(4)}`],
          [1, 2, `run:${better.run.id}`],
        ],
      );
      assert.match(events[1]!.reason ?? "", /^logLoss 0\.\d+ against 0\.\d+ of models:\/moved\/1$/);
    });

    for (const isolation of ["thread", "process"] as const) {
      it(`works the same in a ${isolation === "thread" ? "worker thread" : "child process"}, where a duplicate version is told clearly`, async () => {
        const model = `isolated-${isolation}`;
        const first = await registerRun({ model, C: 0.0005, isolation });
        assert.deepEqual(first.outputs, { registered: true, version: 1, uri: `models:/${model}/1` });
        assert.ok((await project.store.getModelVersion(model, 1))?.signature);
        const better = await registerRun({ model, isolation });
        assert.equal(better.outputs.version, 2);
        assert.deepEqual(await registryReads(better.task), [[`models:/${model}/1`, (await project.store.getModelVersion(model, 1))?.artifactId]]);
        assert.deepEqual((await project.store.getModel(model))?.aliases, { champion: 2 });

        // Without the gate, the same artifact again is the store's duplicate_version: reported, nothing written.
        const again = await registerRun({ model, isolation }, { onlyIfBetter: false, alias: "" });
        assert.deepEqual(again.outputs, { registered: false, version: 0, uri: "" });
        assert.match(again.report.decision, new RegExp(`^model "${model}" already has this artifact \\(sha256:[0-9a-f]{12}…\\) as version 2$`));
        assert.equal((await project.store.getModel(model))?.latestVersion, 2);
      });
    }

    for (const isolation of ["inline", "thread", "process"] as const) {
      it(`a retried task (${isolation}) gets back the version its failed attempt registered`, async () => {
        const { run, tasks } = await project.run(retried(isolation));
        assert.equal(run.status, "succeeded", run.error ?? "");
        const task = tasks["register-then-fail"]!;
        assert.equal(task.attempts, 2);
        assert.deepEqual(task.outputs, { version: 1, holder: `models:/retried-${isolation}/1 logistic-regression` });
        assert.equal((await project.store.listModelVersions(`retried-${isolation}`)).length, 1);
        assert.deepEqual(
          (await project.store.aliasEvents(`retried-${isolation}`)).map((e) => e.reason),
          ["attempt 1"],
        );
      });
    }

    it("without the gate, registers under the alias unconditionally; a bad setup fails the task", async () => {
      await registerRun({ model: "plain" });
      const worse = await registerRun({ model: "plain", C: 0.0005 }, { onlyIfBetter: false });
      assert.deepEqual(worse.outputs, { registered: true, version: 2, uri: "models:/plain/2" });
      assert.deepEqual((await project.store.getModel("plain"))?.aliases, { champion: 2 });
      const [, moved] = await project.store.aliasEvents("plain", "champion");
      assert.equal(moved?.reason, null);

      const noAlias = await project.run(registering({ model: "plain" }), { alias: "" });
      assert.equal(noAlias.run.status, "failed");
      assert.match(noAlias.tasks["register-model"]!.error ?? "", /^onlyIfBetter compares the model with the holder of an alias, and no alias was given/);
      const badMetric = await project.run(registering({ model: "plain" }), { metric: "auc" });
      assert.match(badMetric.tasks["register-model"]!.error ?? "", /^unknown metric "auc"/);
    });

    it("`models register` copies the signature and the training metrics from the model's metadata", async () => {
      const { run, tasks } = await project.run(registering({ model: "unused" }), { onlyIfBetter: false, alias: "" });
      assert.equal(run.status, "succeeded", run.error ?? "");
      const v = await registerModelVersion(project.store, { name: "from-cli", run: run.id, task: "train-model", actor: "ada" });
      assert.equal(v.taskId, tasks["train-model"]!.id);
      assert.deepEqual(v.signature?.outputs, {
        task: "classification",
        prediction: { name: "target", type: "number" },
        probabilities: { type: "number", classes: [0, 1] },
      });
      assert.equal(typeof v.metrics["train.logLoss"], "number");
    });
  });
}
