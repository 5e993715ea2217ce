import assert from "node:assert/strict";
import { test } from "node:test";
import {
  accuracy,
  confusionMatrix,
  f1,
  precision,
  recall,
  rocAuc,
} from "../../src/ml/metrics/classification.ts";

// Reference values from scikit-learn 1.2 on the same arrays.
const yTrue = [0, 0, 1, 1, 0, 1, 1, 0, 1, 0];
const yPred = [0, 1, 0, 1, 0, 1, 1, 0, 1, 1];
const scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.2, 0.6, 0.6];

test("accuracy, precision, recall, F1 (tp 4, fp 2, fn 1, tn 3)", () => {
  assert.equal(accuracy(yTrue, yPred), 0.7);
  assert.equal(precision(yTrue, yPred), 4 / 6);
  assert.equal(recall(yTrue, yPred), 0.8);
  assert.equal(f1(yTrue, yPred), 8 / 11);
});

test("precision and recall are 0, not NaN, when nothing is predicted or present", () => {
  assert.equal(precision([1, 0], [0, 0]), 0);
  assert.equal(recall([0, 0], [1, 0]), 0);
  assert.equal(f1([0, 0], [0, 0]), 0);
});

test("confusionMatrix: rows are true labels, columns predicted", () => {
  assert.deepEqual(confusionMatrix(yTrue, yPred), {
    labels: [0, 1],
    matrix: [
      [3, 2],
      [1, 4],
    ],
  });
  assert.deepEqual(confusionMatrix([2, 0, 1], [2, 1, 1]), {
    labels: [0, 1, 2],
    matrix: [
      [0, 1, 0],
      [0, 1, 0],
      [0, 0, 1],
    ],
  });
});

test("rocAuc gives tied scores half credit, like roc_auc_score", () => {
  assert.equal(rocAuc(yTrue, scores), 0.78);
  assert.equal(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]), 0.5);
  assert.equal(rocAuc([1, 0, 1], [0.2, 0.2, 0.9]), 0.75);
  assert.equal(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]), 1);
  assert.equal(rocAuc([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4]), 0);
});

test("rocAuc is undefined for one class; mismatched inputs are refused", () => {
  assert.throws(() => rocAuc([1, 1], [0.2, 0.3]), /only one class/);
  assert.throws(() => rocAuc([0, 1], [Number.NaN, 0.3]), /score 0 is NaN/);
  assert.throws(() => accuracy([0, 1], [0]), /2 true labels but 1 predictions/);
  assert.throws(() => accuracy([], []), /no labels/);
});
