import assert from "node:assert/strict";
import { test } from "node:test";
import { createTable, getColumn } from "../../src/ml/table.ts";
import type { StepSpec } from "../../src/ml/transforms/table-step.ts";
import { crossValScore } from "../../src/ml/tuning/cross-validate.ts";
import { kFold } from "../../src/ml/tuning/k-fold.ts";
import { parameterGrid } from "../../src/ml/tuning/parameter-grid.ts";
import { sampleParameters } from "../../src/ml/tuning/parameter-sampler.ts";
import { gridSearch, randomSearch } from "../../src/ml/tuning/search.ts";
import { stratifiedKFold } from "../../src/ml/tuning/stratified-k-fold.ts";
import { conveyorError } from "../store/expect-conveyor-error.ts";
import { loadSplitDataset } from "./linear-datasets.ts";

// Reference values: scikit-learn 1.2 cross_val_score / GridSearchCV with cv=KFold(5) or
// StratifiedKFold(5) (unshuffled, so the folds are the same rows) on the full datasets.
const scaled: StepSpec[] = [{ kind: "scale", method: "standard" }];

function assertClose(actual: readonly number[], expected: readonly number[], tolerance: number): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((e, i) => {
    assert.ok(Math.abs(actual[i]! - e) <= tolerance, `[${i}] ${actual[i]} != ${e}`);
  });
}

test("crossValScore fits the preprocessing per fold and scores like cross_val_score", async () => {
  const { all: iris } = await loadSplitDataset("iris");
  const folds = stratifiedKFold(getColumn(iris, "target").values, { folds: 5 });
  const data = { table: iris, target: "target", preprocessing: scaled };
  const logistic = await crossValScore(data, { model: "logistic-regression", folds, scoring: "accuracy" });
  assertClose(logistic, [0.9666666666666667, 1, 0.9333333333333333, 0.9, 1], 1e-12);
  const knn = await crossValScore(data, { model: "knn-classifier", folds, scoring: "accuracy" });
  assertClose(knn, [0.9666666666666667, 0.9666666666666667, 0.9333333333333333, 0.9333333333333333, 1], 1e-12);

  const { all: diabetes } = await loadSplitDataset("diabetes");
  const r2 = await crossValScore(
    { table: diabetes, target: "target" },
    { model: "linear-regression", folds: kFold(diabetes.rowCount, { folds: 5 }), scoring: "r2" },
  );
  assertClose(r2, [0.4295561538258379, 0.5225993866099368, 0.48268054134528215, 0.42649776111040205, 0.5502483366517519], 1e-12);
});

test("gridSearch ranks every candidate as GridSearchCV does", async () => {
  const { all: diabetes } = await loadSplitDataset("diabetes");
  const result = await gridSearch({
    data: { table: diabetes, target: "target" },
    model: "ridge-regression",
    grid: { alpha: [0.01, 0.1, 1, 10] },
    folds: kFold(diabetes.rowCount, { folds: 5 }),
    scoring: "neg_root_mean_squared_error",
  });
  assertClose(
    result.results.map((r) => r.meanScore),
    [-54.738582420687806, -54.82501382196109, -58.449228454065405, -70.74902955101093],
    1e-9,
  );
  assertClose(
    result.results.map((r) => r.stdScore),
    [1.1744548426284707, 0.9610205884635382, 2.0029397254815517, 3.3395895255770984],
    1e-9,
  );
  assert.deepEqual(result.results.map((r) => r.rank), [1, 2, 3, 4]);
  assert.deepEqual(result.best.params, { alpha: 0.01 });
});

test("gridSearch over C by log loss picks scikit-learn's best C", async () => {
  const { all: iris } = await loadSplitDataset("iris");
  const result = await gridSearch({
    data: { table: iris, target: "target", preprocessing: scaled },
    model: "logistic-regression",
    grid: { C: [0.01, 0.1, 1, 10] },
    folds: stratifiedKFold(getColumn(iris, "target").values, { folds: 5 }),
    scoring: "neg_log_loss",
  });
  // lbfgs stops at tol 1e-4, our Newton fit at the optimum: the losses agree to ~1e-6.
  assertClose(
    result.results.map((r) => r.meanScore),
    [-0.6707610266667727, -0.35943380875532177, -0.1503149082615716, -0.07030798883299437],
    1e-5,
  );
  assert.deepEqual(result.results.map((r) => r.rank), [4, 3, 2, 1]);
  assert.deepEqual(result.best.params, { C: 10 });
});

test("ties go to the first candidate, and equal scores share a rank", async () => {
  const table = createTable([
    { name: "x", type: "number", values: Float64Array.of(0, 1, 2, 3, 10, 11, 12, 13) },
    { name: "y", type: "string", values: ["a", "a", "a", "a", "b", "b", "b", "b"] },
  ]);
  const result = await gridSearch({
    data: { table, target: "y" },
    model: "knn-classifier",
    grid: { k: [3, 1, 2] }, // all perfect on such separated classes
    folds: stratifiedKFold(getColumn(table, "y").values, { folds: 2 }),
    scoring: "accuracy",
  });
  assert.deepEqual(result.results.map((r) => [r.params.k, r.meanScore, r.rank]), [
    [3, 1, 1],
    [1, 1, 1],
    [2, 1, 1],
  ]);
  assert.equal(result.best, result.results[0]);
});

test("parameterGrid orders like scikit-learn's ParameterGrid: sorted names, last varying fastest", () => {
  assert.deepEqual(parameterGrid({ k: [1, 3], C: [0.1, 1], a: ["x"] }), [
    { C: 0.1, a: "x", k: 1 },
    { C: 0.1, a: "x", k: 3 },
    { C: 1, a: "x", k: 1 },
    { C: 1, a: "x", k: 3 },
  ]);
  assert.throws(() => parameterGrid({ k: [] }), conveyorError("invalid_param", 'parameter "k" has no values'));
});

test("random search draws reproducibly from lists and ranges", async () => {
  const lists = sampleParameters({ k: [1, 3, 5], C: [0.1, 1] }, 10, 4);
  assert.equal(lists.length, 6, "only lists: the whole grid, without repeats");
  assert.equal(new Set(lists.map((p) => JSON.stringify(p))).size, 6);
  const draws = sampleParameters({ C: { logUniform: [0.001, 1000] }, k: { integers: [1, 9] }, w: ["u", "d"] }, 50, 9);
  assert.deepEqual(sampleParameters({ C: { logUniform: [0.001, 1000] }, k: { integers: [1, 9] }, w: ["u", "d"] }, 50, 9), draws);
  for (const { C, k, w } of draws) {
    assert.ok((C as number) >= 0.001 && (C as number) <= 1000);
    assert.ok(Number.isInteger(k) && (k as number) >= 1 && (k as number) <= 9);
    assert.ok(w === "u" || w === "d");
  }
  assert.throws(() => sampleParameters({ C: { logUniform: [0, 1] } }, 3, 1), conveyorError("invalid_param", "positive lower bound"));

  const { all: iris } = await loadSplitDataset("iris");
  const result = await randomSearch({
    data: { table: iris, target: "target", preprocessing: scaled },
    model: "knn-classifier",
    space: { k: { integers: [1, 15] } },
    iterations: 4,
    seed: 3,
    folds: stratifiedKFold(getColumn(iris, "target").values, { folds: 5, shuffleSeed: 3 }),
    scoring: "f1_macro",
  });
  assert.equal(result.results.length, 4);
  assert.ok(result.results.every((r) => r.foldScores.length === 5 && r.meanScore > 0.85));
  assert.ok(result.results.every((r) => r.meanScore <= result.best.meanScore));
});

test("unknown models, parameters and scorings, and misplaced targets, are user errors", async () => {
  const { all: iris } = await loadSplitDataset("iris");
  const data = { table: iris, target: "target" };
  const folds = kFold(iris.rowCount, { folds: 3, shuffleSeed: 1 });
  await assert.rejects(() => crossValScore(data, { model: "svm", folds, scoring: "accuracy" }), conveyorError("invalid_param", 'unknown model "svm"'));
  await assert.rejects(
    () => gridSearch({ data, model: "knn-classifier", grid: { n_neighbors: [3] }, folds, scoring: "accuracy" }),
    conveyorError("invalid_param", 'no parameter "n_neighbors"'),
  );
  await assert.rejects(
    () => crossValScore(data, { model: "knn-classifier", params: { k: "5" }, folds, scoring: "accuracy" }),
    conveyorError("invalid_param", 'parameter "k" is "5"'),
  );
  await assert.rejects(() => crossValScore(data, { model: "knn-classifier", folds, scoring: "auc" }), conveyorError("invalid_param", 'unknown scoring "auc"'));
  await assert.rejects(() => crossValScore(data, { model: "knn-classifier", folds, scoring: "r2" }), conveyorError("invalid_param", '"r2" is for regression'));
  await assert.rejects(
    () => crossValScore(
      { ...data, preprocessing: [{ kind: "select", columns: ["target", "petal width (cm)"] }] },
      { model: "knn-classifier", folds, scoring: "accuracy" },
    ),
    conveyorError("invalid_param", 'target column "target" is selected'),
  );
  await assert.rejects(() => crossValScore({ ...data, target: "species" }, { model: "knn-classifier", folds, scoring: "accuracy" }), conveyorError("unknown_column", '"species"'));
  await assert.rejects(() => crossValScore(data, { model: "knn-classifier", folds, scoring: "roc_auc" }), conveyorError("invalid_param", "\"roc_auc\" scores two classes"));
});

test("bad values are reported by their row in the table; fold-specific problems name the fold", async () => {
  const table = createTable([
    { name: "x", type: "number", values: Float64Array.of(0, 1, 2, 3, 4, Number.NaN) },
    { name: "y", type: "string", values: ["a", "a", "a", "b", "b", "b"] },
  ]);
  const options = { model: "knn-classifier", params: { k: 1 }, folds: kFold(6, { folds: 2 }), scoring: "accuracy" };
  await assert.rejects(() => crossValScore({ table, target: "y" }, options), conveyorError("invalid_data", 'column "x" has a missing value at row 5'));
  const imputed = { table, target: "y", preprocessing: [{ kind: "impute", strategy: "mean" }] as StepSpec[] };
  // Unshuffled, fold 1 trains on rows 3-5: class "b" alone.
  await assert.rejects(() => crossValScore(imputed, options), conveyorError("invalid_data", "fold 1 of 2: ", 'only one class ("b")'));
  const regression = createTable([
    { name: "x", type: "number", values: Float64Array.of(0, 1, 2, 3) },
    { name: "y", type: "number", values: Float64Array.of(1, 2, Number.POSITIVE_INFINITY, 4) },
  ]);
  await assert.rejects(
    () => crossValScore({ table: regression, target: "y" }, { model: "linear-regression", folds: kFold(4, { folds: 2 }), scoring: "r2" }),
    conveyorError("invalid_data", 'target column "y" is Infinity at row 2'),
  );
});
