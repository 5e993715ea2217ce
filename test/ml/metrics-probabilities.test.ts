import assert from "node:assert/strict";
import { test } from "node:test";
import { logLoss } from "../../src/ml/metrics/log-loss.ts";
import { rocAucOvr } from "../../src/ml/metrics/roc-auc-ovr.ts";
import { createMatrix } from "../../src/ml/matrix.ts";
import { conveyorError } from "../store/expect-conveyor-error.ts";

// Reference values: scikit-learn 1.2 log_loss (eps="auto") and roc_auc_score(multi_class="ovr").
const proba = createMatrix(6, 3, Float64Array.of(0.7, 0.2, 0.1, 0.1, 0.1, 0.8, 0.2, 0.5, 0.3, 0, 1, 0, 0.6, 0.3, 0.1, 0.3, 0.3, 0.4));
const classes = [0, 2, 1, 1, 2, 0];

function assertClose(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) <= 1e-14 * Math.max(1, Math.abs(expected)), `${actual} != ${expected}`);
}

test("multiclass and binary log loss", () => {
  assertClose(logLoss(classes, proba), 0.7965872621888116);
  const yTrue = [0, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0];
  const positive = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.2, 0.6, 0.6, 0.7, 0.05];
  assertClose(logLoss(yTrue, positive), 0.45665473598460954);
});

test("log loss clips certain, wrong probabilities to float64 epsilon", () => {
  const certain = createMatrix(3, 2, Float64Array.of(1, 0, 0, 1, 0.5, 0.5));
  assertClose(logLoss([1, 0, 1], certain), 24.260151319598084);
  assert.throws(() => logLoss([0, 3], createMatrix(2, 2, Float64Array.of(1, 0, 0, 1))), conveyorError("invalid_data", "label 3 at row 1"));
});

test("one-vs-rest macro ROC AUC", () => {
  assertClose(rocAucOvr(classes, proba), 0.8541666666666666);
  assert.throws(
    () => rocAucOvr([0, 0, 1, 1, 0, 1], proba),
    conveyorError("invalid_data", "class 2 has no rows"),
  );
  const unnormalised = createMatrix(2, 2, Float64Array.of(0.9, 0.9, 0.1, 0.9));
  assert.throws(() => rocAucOvr([0, 1], unnormalised), conveyorError("invalid_data", "row 0 sum to 1.8"));
});
