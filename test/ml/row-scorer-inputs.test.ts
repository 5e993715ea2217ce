import assert from "node:assert/strict";
import { test } from "node:test";
import { fitModel } from "../../src/ml/fit-model.ts";
import { modelKind } from "../../src/ml/models/model-kinds.ts";
import { loadOnnxModel, OnnxClassifier } from "../../src/ml/onnx/onnx-trained.ts";
import { createRowScorer, type SyncRowScorer } from "../../src/ml/row-scorer.ts";
import { createTable } from "../../src/ml/table.ts";
import { logisticOnnx } from "./onnx/build-model.ts";

const training = createTable([
  { name: "size", type: "number", values: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]) },
  { name: "colour", type: "string", values: ["red", "blue", "red", "blue", "red", "blue", "red", "blue"] },
  { name: "label", type: "string", values: ["s", "s", "s", "s", "l", "l", "l", "l"] },
]);

async function scorer(): Promise<SyncRowScorer> {
  const model = await fitModel(training, {
    target: "label",
    kind: modelKind("logistic-regression"),
    params: {},
    steps: [{ kind: "impute", strategy: "mean", columns: ["size"] }, { kind: "one-hot", columns: ["colour"] }],
  });
  const rowScorer = createRowScorer(model);
  assert.ok(rowScorer.synchronous);
  return rowScorer;
}

test("a row scorer reads the signature's columns in order and answers in class-index order", async () => {
  const rows = await scorer();
  assert.deepEqual(rows.columns, [
    { name: "size", type: "number" },
    { name: "colour", type: "string" },
  ]);
  assert.deepEqual(rows.classes, ["l", "s"]);
  const small = rows.scoreRow([1.5, "red"]);
  assert.deepEqual([small.rowCount, small.predictions[0], small.probabilities.length], [1, 1, 2]);
  assert.equal(small.probabilities[0]! + small.probabilities[1]!, 1);
  // null is a missing number, which the saved mean imputes: as NaN is.
  const imputed = Array.from(rows.scoreRow([null, "blue"]).probabilities);
  assert.deepEqual(Array.from(rows.scoreRow([Number.NaN, "blue"]).probabilities), imputed);
});

test("scoreRows writes into the caller's buffers when given, and refuses buffers too small", async () => {
  const rows = await scorer();
  const out = { predictions: new Float64Array(3), probabilities: new Float64Array(6) };
  const scores = rows.scoreRows([Float64Array.from([1, 8, 4.5]), ["red", "blue", "red"]], 3, out);
  assert.equal(scores.predictions, out.predictions);
  assert.deepEqual(Array.from(out.predictions), [1, 0, Array.from(rows.scoreRow([4.5, "red"]).predictions)[0]]);
  assert.throws(() => rows.scoreRows([Float64Array.from([1, 2]), ["red", "red"]], 2, { predictions: new Float64Array(1), probabilities: new Float64Array(4) }), RangeError);
});

test("a row scorer refuses values that are not the signature's, naming the column", async () => {
  const rows = await scorer();
  assert.throws(() => rows.scoreRow([1]), { code: "schema_mismatch", message: /reads 2 columns, but 1 values were given/ });
  assert.throws(() => rows.scoreRow(["big", "red"]), { code: "schema_mismatch", message: /column "size" takes numbers, but was given "big"/ });
  assert.throws(() => rows.scoreRow([1, 3]), { code: "schema_mismatch", message: /column "colour" takes text, but was given 3/ });
  assert.throws(() => rows.scoreRows([["1"], ["red"]], 1), { code: "schema_mismatch", message: /column "size" was given text/ });
  assert.throws(() => rows.scoreRows([Float64Array.of(1), Float64Array.of(2)], 1), { code: "schema_mismatch", message: /column "colour" was given numbers/ });
  assert.throws(() => rows.scoreRows([Float64Array.of(1, 2), ["red"]], 2), { code: "schema_mismatch", message: /column "colour" has 1 values for 2 rows/ });
  // What the model's preprocessing refuses, by name and row: as the table path does.
  assert.throws(() => rows.scoreRow([1, "green"]), { code: "invalid_data", message: /column "colour" has value "green" at row 0, a category not seen/ });
  assert.throws(() => rows.scoreRows([Float64Array.of(1, 2), ["red", null]], 2), { code: "invalid_data", message: /column "colour" has a missing value at row 1/ });
  // The scorer is still usable after a refusal.
  assert.equal(rows.scoreRow([8, "blue"]).predictions[0], 0);
});

test("an ONNX model's scorer is asynchronous and answers as the model's table methods", async () => {
  const spec = { task: "classification", target: "y", features: ["a", "b"], classes: [], output: "", source: "logistic.onnx" } as const;
  const model = await loadOnnxModel(logisticOnnx([1.5, -2], 0.5), spec);
  assert.ok(model instanceof OnnxClassifier);
  const rows = createRowScorer(model);
  assert.equal(rows.synchronous, false);
  const table = createTable([
    { name: "a", type: "number", values: Float64Array.of(0, 1, 2) },
    { name: "b", type: "number", values: Float64Array.of(0, 1, -1) },
  ]);
  const scores = await rows.scoreRows([Float64Array.of(0, 1, 2), Float64Array.of(0, 1, -1)], 3);
  assert.deepEqual(Array.from(scores.probabilities), Array.from((await model.predictProba(table)).data));
  assert.deepEqual(Array.from(scores.predictions), Array.from(await model.predictIndices(table)));
  const one = await rows.scoreRow([2, -1]);
  assert.deepEqual(Array.from(one.probabilities), Array.from(scores.probabilities.subarray(4, 6)));
  await assert.rejects(rows.scoreRow(["x", 1]), { code: "schema_mismatch", message: /column "a" takes numbers/ });
});
