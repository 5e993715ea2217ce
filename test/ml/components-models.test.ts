/** train-model, evaluate-model, tune-model, profile-data and infer-expectations, run through the real engine. */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  evaluateModel,
  inferExpectations,
  ingestCsv,
  param,
  pipeline,
  profileData,
  splitData,
  trainModel,
  tuneModel,
  validateData,
} from "../../src/index.ts";
import { loadModel, type ModelFileJSON } from "../../src/ml/model-file.ts";
import type { ArtifactRecord, TaskRecord } from "../../src/store/types.ts";
import { REPO_ROOT, type TestProject, testProject } from "../helpers/project.ts";

const data = (name: string) => join(REPO_ROOT, "data", `${name}.csv`);
let project: TestProject;
before(async () => {
  project = await testProject();
});
after(() => project.cleanup());

async function output(task: TaskRecord, name: string): Promise<ArtifactRecord> {
  const events = await project.store.taskLineage(task.id);
  const found = events.find((e) => e.kind === "output" && e.name === name)?.artifact;
  assert.ok(found, `task ${task.name} has no output ${name}`);
  return found;
}

async function json<T = Record<string, unknown>>(task: TaskRecord, name: string): Promise<T> {
  return JSON.parse(await readFile(project.artifacts.localPath((await output(task, name)).uri), "utf8")) as T;
}

function succeeded(result: { run: { status: string; error: string | null }; tasks: Record<string, TaskRecord> }): void {
  const failed = Object.values(result.tasks).filter((t) => t.status === "failed");
  assert.equal(result.run.status, "succeeded", failed.map((t) => `${t.name}: ${t.error}`).join("\n"));
}

const evaluated = pipeline(
  {
    name: "evaluated",
    params: {
      path: param.string(),
      kind: param.enum(["logistic-regression", "knn", "random-forest", "hist-gradient-boosting", "ridge"]),
      task: param.enum(["auto", "classification", "regression"], { default: "auto" }),
      stratify: param.boolean({ default: true }),
    },
  },
  (p) => {
    const raw = ingestCsv({ path: p.path });
    const split = splitData({ data: raw.outputs.data, target: "target", stratify: p.stratify });
    const fit = trainModel({ data: split.outputs.train, target: "target", kind: p.kind, task: p.task });
    evaluateModel({ model: fit.outputs.model, data: split.outputs.test });
  },
);

test("evaluate-model reports every multiclass metric, the confusion matrix and one-vs-rest curves", async () => {
  const result = await project.run(evaluated, { path: data("wine"), kind: "logistic-regression" });
  succeeded(result);
  const task = result.tasks["evaluate-model"]!;
  const scores = task.outputs?.scores as Record<string, number>;
  assert.deepEqual(Object.keys(scores).sort(), [
    "accuracy",
    "balancedAccuracy",
    "f1Macro",
    "f1Weighted",
    "logLoss",
    "precisionMacro",
    "precisionWeighted",
    "recallMacro",
    "recallWeighted",
    "rocAuc",
  ]);
  assert.ok(scores.accuracy! >= 0.94, `accuracy ${scores.accuracy}`);
  assert.equal(task.outputs?.score, scores.accuracy);
  const metrics = await json<{ rows: number; confusionMatrix: { labels: number[]; matrix: number[][] }; curves: { label: number }[] }>(
    task,
    "metrics",
  );
  assert.equal(metrics.rows, 36);
  assert.deepEqual(metrics.confusionMatrix.labels, [0, 1, 2]);
  assert.equal(metrics.confusionMatrix.matrix.flat().reduce((a, b) => a + b, 0), 36);
  assert.deepEqual(metrics.curves.map((c) => c.label), [0, 1, 2]);

  const model = await loadModel(await json(result.tasks["train-model"]!, "model"));
  assert.equal(model.kind, "logistic-regression");
  assert.equal(model.inputSchema.columns.length, 13);
});

test("binary classification adds precision, recall and F1 of the positive class, and one curve", async () => {
  const result = await project.run(evaluated, { path: data("breast_cancer"), kind: "knn", task: "classification" });
  succeeded(result);
  const task = result.tasks["evaluate-model"]!;
  const scores = task.outputs?.scores as Record<string, number>;
  for (const name of ["precision", "recall", "f1", "rocAuc", "logLoss"]) assert.ok(name in scores, name);
  assert.ok(scores.rocAuc! > 0.97, `ROC AUC ${scores.rocAuc}`);
  const metrics = await json<{ curves: { label: number; roc: { fpr: number[]; tpr: number[] } }[] }>(task, "metrics");
  assert.equal(metrics.curves.length, 1);
  assert.equal(metrics.curves[0]!.label, 1);
  assert.equal(metrics.curves[0]!.roc.fpr.at(-1), 1);
});

test("regression reports RMSE, MAE, MSE, R² and MAPE", async () => {
  const result = await project.run(evaluated, {
    path: data("diabetes"),
    kind: "hist-gradient-boosting",
    task: "regression",
    stratify: false,
  });
  succeeded(result);
  const scores = result.tasks["evaluate-model"]!.outputs?.scores as Record<string, number>;
  assert.deepEqual(Object.keys(scores).sort(), ["mae", "mape", "mse", "r2", "rmse"]);
  assert.ok(scores.r2! > 0.3, `R² ${scores.r2}`);
  assert.ok(Math.abs(scores.rmse! ** 2 - scores.mse!) < 1e-6);
});

test("a model that does both tasks is not guessed for a numeric target", async () => {
  const result = await project.run(evaluated, { path: data("iris"), kind: "random-forest" });
  assert.equal(result.run.status, "failed");
  assert.match(
    result.tasks["train-model"]!.error ?? "",
    /model "random-forest" does classification and regression, and target column "target" holds numbers.*set task/,
  );
});

test("the same inputs and seed train byte-identical models; another seed another model", async () => {
  const twice = pipeline({ name: "twice" }, () => {
    const raw = ingestCsv({ path: data("iris") });
    const common = { data: raw.outputs.data, target: "target", kind: "random-forest", task: "classification" } as const;
    trainModel({ ...common, params: { nEstimators: 20 } }, { name: "a", cache: false });
    trainModel({ ...common, params: { nEstimators: 20 } }, { name: "b", cache: false });
    trainModel({ ...common, params: { nEstimators: 20 }, seed: 1 }, { name: "c", cache: false });
  });
  const result = await project.run(twice);
  succeeded(result);
  const [a, b, c] = await Promise.all(["a", "b", "c"].map(async (name) => (await output(result.tasks[name]!, "model")).digest));
  assert.equal(a, b);
  assert.notEqual(a, c);
});

test("tune-model cross-validates a grid, ranks every candidate and refits the best", async () => {
  const tuned = pipeline({ name: "tuned", params: { search: param.enum(["grid", "random"]), space: param.json() } }, (p) => {
    const raw = ingestCsv({ path: data("iris") });
    tuneModel({ data: raw.outputs.data, target: "target", kind: "knn", task: "classification", search: p.search, space: p.space, iterations: 3, scoring: "f1_macro" });
  });
  const grid = await project.run(tuned, { search: "grid", space: { k: [1, 5, 15, 45] } });
  succeeded(grid);
  const task = grid.tasks["tune-model"]!;
  const results = await json<{ scoring: string; results: { params: { k: number }; rank: number; foldScores: number[] }[] }>(task, "results");
  assert.equal(results.scoring, "f1_macro");
  assert.deepEqual(results.results.map((r) => r.params.k), [1, 5, 15, 45]);
  assert.ok(results.results.every((r) => r.foldScores.length === 5));
  const best = results.results.find((r) => r.rank === 1)!;
  assert.deepEqual(task.outputs?.bestParams, best.params);
  assert.ok((task.outputs?.bestScore as number) > 0.9);
  const model = await loadModel(await json(task, "model"));
  assert.equal(model.kind, "knn-classifier");
  assert.equal(((model.toJSON() as ModelFileJSON).model as { k: number }).k, best.params.k);

  const random = await project.run(tuned, { search: "random", space: { k: { integers: [1, 30] } } });
  succeeded(random);
  const drawn = await json<{ results: unknown[] }>(random.tasks["tune-model"]!, "results");
  assert.equal(drawn.results.length, 3);

  const typo = await project.run(tuned, { search: "grid", space: { neighbours: [3] } });
  assert.match(typo.tasks["tune-model"]!.error ?? "", /model "knn-classifier" has no parameter "neighbours" \(its parameters are "k"\)/);
});

test("profile-data describes every column; infer-expectations proposes a suite the data passes", async () => {
  const profiled = pipeline({ name: "profiled" }, () => {
    const raw = ingestCsv({ path: data("iris") });
    profileData({ data: raw.outputs.data });
    const inferred = inferExpectations({ data: raw.outputs.data });
    validateData({ data: raw.outputs.data, expectations: inferred.outputs.expectations });
  });
  const result = await project.run(profiled);
  succeeded(result);
  const profile = await json<{ rowCount: number; columns: { name: string; numeric: { quantiles: object } | null }[] }>(
    result.tasks["profile-data"]!,
    "profile",
  );
  assert.equal(profile.rowCount, 150);
  assert.equal(profile.columns.length, 5);
  assert.ok(profile.columns.every((c) => c.numeric !== null));
  assert.deepEqual(result.tasks["profile-data"]!.outputs, { rows: 150, columns: 5 });
  const suite = await json<{ kind: string }[]>(result.tasks["infer-expectations"]!, "suite");
  assert.deepEqual(suite, result.tasks["infer-expectations"]!.outputs?.expectations);
  assert.ok(suite.some((e) => e.kind === "range"));
  assert.equal(result.tasks["validate-data"]!.outputs?.passed, true);
});
