import assert from "node:assert/strict";
import { test } from "node:test";
import { rocAuc } from "../../src/ml/metrics/classification.ts";
import { precisionRecallCurve } from "../../src/ml/metrics/precision-recall-curve.ts";
import { rocCurve } from "../../src/ml/metrics/roc-curve.ts";
import { conveyorError } from "../store/expect-conveyor-error.ts";

// Reference values: scikit-learn 1.2 roc_curve (drop_intermediate=True) and
// precision_recall_curve on the same arrays. Scores 0.4 and 0.6 are tied across classes.
const yTrue = [0, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0];
const scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.2, 0.6, 0.6, 0.7, 0.05];

function assertClose(actual: ArrayLike<number>, expected: readonly number[]): void {
  assert.equal(actual.length, expected.length, `${Array.from(actual)} vs ${expected}`);
  expected.forEach((e, i) => {
    assert.ok(Math.abs(actual[i]! - e) <= 1e-15, `[${i}] ${actual[i]} != ${e}`);
  });
}

test("ROC curve: same points and thresholds as scikit-learn 1.2", () => {
  const { fpr, tpr, thresholds } = rocCurve(yTrue, scores);
  assertClose(fpr, [0, 0, 0, 0.16666666666666666, 0.5, 0.5, 1]);
  assertClose(tpr, [0, 0.16666666666666666, 0.5, 0.6666666666666666, 0.8333333333333334, 1, 1]);
  assertClose(thresholds, [1.9, 0.9, 0.7, 0.6, 0.4, 0.35, 0.05]);
  assert.ok(Math.abs(rocAuc(yTrue, scores) - 0.8472222222222222) < 1e-15);
});

test("ROC curve drops points collinear with their neighbours", () => {
  const { fpr, tpr, thresholds } = rocCurve([0, 0, 0, 1, 1, 1, 0, 1], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]);
  assertClose(fpr, [0, 0, 0.25, 0.25, 1]);
  assertClose(tpr, [0, 0.25, 0.25, 1, 1]);
  assertClose(thresholds, [1.8, 0.8, 0.7, 0.4, 0.1]);
});

test("precision-recall curve: same points and thresholds as scikit-learn 1.2", () => {
  const { precision, recall, thresholds } = precisionRecallCurve(yTrue, scores);
  assertClose(precision, [0.5, 0.5454545454545454, 0.6, 0.6666666666666666, 0.625, 0.8, 1, 1, 1, 1]);
  assertClose(recall, [1, 1, 1, 1, 0.8333333333333334, 0.6666666666666666, 0.5, 0.3333333333333333, 0.16666666666666666, 0]);
  assertClose(thresholds, [0.05, 0.1, 0.2, 0.35, 0.4, 0.6, 0.7, 0.8, 0.9]);
});

test("curves refuse non-binary labels, non-finite scores and a single class (ROC)", () => {
  assert.throws(() => rocCurve([0, 2], [0.1, 0.2]), conveyorError("invalid_data", "label 2 at row 1"));
  assert.throws(() => precisionRecallCurve([0, 1], [0.1, Number.NaN]), conveyorError("invalid_data", "score NaN at row 1"));
  assert.throws(() => rocCurve([1, 1], [0.1, 0.2]), conveyorError("invalid_data", "only one class"));
});
