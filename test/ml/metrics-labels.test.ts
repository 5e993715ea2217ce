import assert from "node:assert/strict";
import { test } from "node:test";
import { accuracy, balancedAccuracy, f1, precision, recall } from "../../src/ml/metrics/classification.ts";
import { conveyorError } from "../store/expect-conveyor-error.ts";

// Reference values: scikit-learn 1.2 with zero_division=0. Label 3 is predicted but never
// true, so it counts in the macro mean (with recall 0) and weighs nothing in the weighted one.
const yTrue = [0, 2, 1, 1, 0, 2, 2, 1, 0, 1, 2, 0];
const yPred = [0, 1, 1, 1, 0, 2, 0, 1, 2, 3, 2, 0];

function assertClose(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) <= 1e-15, `${actual} != ${expected}`);
}

test("macro precision, recall and F1", () => {
  assertClose(precision(yTrue, yPred, "macro"), 0.5416666666666666);
  assertClose(recall(yTrue, yPred, "macro"), 0.5);
  assertClose(f1(yTrue, yPred, "macro"), 0.5178571428571429);
});

test("weighted precision, recall and F1", () => {
  assertClose(precision(yTrue, yPred, "weighted"), 0.7222222222222222);
  assertClose(recall(yTrue, yPred, "weighted"), 0.6666666666666666);
  assertClose(f1(yTrue, yPred, "weighted"), 0.6904761904761906);
});

test("balanced accuracy averages recall over the labels that occur in yTrue", () => {
  assertClose(balancedAccuracy(yTrue, yPred), 0.6666666666666666);
  assertClose(accuracy(yTrue, yPred), 0.6666666666666666);
  // 9 of class 0 right, the 1 of class 1 wrong: accuracy 0.9, balanced 0.5.
  assert.equal(balancedAccuracy([0, 0, 0, 0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), 0.5);
});

test('average "binary" (the default) needs labels 0 and 1', () => {
  assert.throws(() => precision(yTrue, yPred), conveyorError("invalid_param", "label 2 occurs"));
  assert.throws(() => f1(yTrue, yPred, "micro" as "macro"), conveyorError("invalid_param", 'unknown average "micro"'));
  assert.equal(recall([0, 1, 1], [0, 1, 0], "binary"), 0.5);
});
