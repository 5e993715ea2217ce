/** gate-model: thresholds on metrics, and "better than the champion on the same data by at least X". */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { gateModel, ingestCsv, param, pipeline, splitData, trainModel } from "../../src/index.ts";
import type { TaskRecord } from "../../src/store/types.ts";
import { REPO_ROOT, type TestProject, testProject } from "../helpers/project.ts";

let project: TestProject;
before(async () => {
  project = await testProject();
});
after(() => project.cleanup());

/** A strongly regularised champion (C = 0.0005) and a default candidate, on breast cancer. */
function gated(options: { champion: boolean }) {
  return pipeline(
    {
      name: options.champion ? "gated-champion" : "gated",
      params: {
        min: param.json<Record<string, number>>({ default: {} }),
        max: param.json<Record<string, number>>({ default: {} }),
        compareBy: param.string({ default: "" }),
        minImprovement: param.number({ default: 0 }),
        warnOnly: param.boolean({ default: false }),
      },
    },
    (p) => {
      const raw = ingestCsv({ path: join(REPO_ROOT, "data/breast_cancer.csv") });
      const split = splitData({ data: raw.outputs.data, target: "target" });
      const common = { data: split.outputs.train, target: "target", kind: "logistic-regression" } as const;
      const candidate = trainModel({ ...common }, { name: "candidate" });
      const champion = trainModel({ ...common, params: { C: 0.0005 } }, { name: "champion" });
      gateModel({
        model: candidate.outputs.model,
        data: split.outputs.test,
        ...(options.champion ? { champion: champion.outputs.model } : {}),
        min: p.min,
        max: p.max,
        compareBy: p.compareBy,
        minImprovement: p.minImprovement,
        warnOnly: p.warnOnly,
      });
    },
  );
}

async function report(task: TaskRecord): Promise<{ passed: boolean; checks: { metric: string; rule: string; passed: boolean }[] }> {
  const events = await project.store.taskLineage(task.id);
  const artifact = events.find((e) => e.kind === "output" && e.name === "report")!.artifact;
  return JSON.parse(await readFile(project.artifacts.localPath(artifact.uri), "utf8"));
}

test("thresholds that hold pass the gate, with a report of each check", async () => {
  const { run, tasks } = await project.run(gated({ champion: false }), { min: { accuracy: 0.9, rocAuc: 0.95 }, max: { logLoss: 0.3 } });
  assert.equal(run.status, "succeeded", run.error ?? "");
  assert.equal(tasks["gate-model"]!.outputs?.passed, true);
  const { checks } = await report(tasks["gate-model"]!);
  assert.deepEqual(
    checks.map((c) => [c.metric, c.rule, c.passed]),
    [
      ["accuracy", "min", true],
      ["rocAuc", "min", true],
      ["logLoss", "max", true],
    ],
  );
});

test("a missed threshold fails the gate with every failed check; warnOnly passes it on as passed = false", async () => {
  const params = { min: { accuracy: 0.999, f1: 0.5 }, max: { logLoss: 0.01 } };
  const failed = await project.run(gated({ champion: false }), params);
  assert.equal(failed.run.status, "failed");
  const error = failed.tasks["gate-model"]!.error ?? "";
  assert.match(error, /^model gate failed: accuracy 0\.9\d* is below the minimum 0\.999; logLoss 0\.\d+ is above the maximum 0\.01/);
  assert.doesNotMatch(error, /f1/);

  const warned = await project.run(gated({ champion: false }), { ...params, warnOnly: true });
  assert.equal(warned.run.status, "succeeded");
  assert.equal(warned.tasks["gate-model"]!.outputs?.passed, false);
  assert.equal((await report(warned.tasks["gate-model"]!)).passed, false);
});

test("a candidate must beat the champion on the same data by at least minImprovement", async () => {
  const beats = await project.run(gated({ champion: true }), { compareBy: "logLoss" });
  assert.equal(beats.run.status, "succeeded", beats.run.error ?? "");
  const check = (await report(beats.tasks["gate-model"]!)).checks.at(-1) as unknown as { value: number; champion: number; rule: string };
  assert.equal(check.rule, "champion");
  assert.ok(check.value < check.champion, "the candidate's log loss is lower");

  const notByEnough = await project.run(gated({ champion: true }), { compareBy: "rocAuc", minImprovement: 0.5 });
  assert.equal(notByEnough.run.status, "failed");
  assert.match(
    notByEnough.tasks["gate-model"]!.error ?? "",
    /^model gate failed: rocAuc (1|0\.9\d+) is not better by at least 0\.5 than the champion's 0\.9\d+/,
  );
});

test("a gate with nothing to check, or an unknown metric, is a user error", async () => {
  const empty = await project.run(gated({ champion: false }));
  assert.match(empty.tasks["gate-model"]!.error ?? "", /the gate has nothing to check/);
  const unknown = await project.run(gated({ champion: false }), { min: { auc: 0.9 } });
  assert.match(unknown.tasks["gate-model"]!.error ?? "", /unknown metric "auc" \(use one of "accuracy", .*"rocAuc"/);
  const regressionMetric = await project.run(gated({ champion: false }), { max: { rmse: 1 } });
  assert.match(regressionMetric.tasks["gate-model"]!.error ?? "", /the model's evaluation has no "rmse" score/);
});
