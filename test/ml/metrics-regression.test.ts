import assert from "node:assert/strict";
import { test } from "node:test";
import {
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  r2,
  rootMeanSquaredError,
} from "../../src/ml/metrics/regression.ts";
import { conveyorError } from "../store/expect-conveyor-error.ts";

// Reference values: scikit-learn 1.2 on the same arrays.
const yTrue = [3.0, -0.5, 2.0, 7.0, 0.0];
const yPred = [2.5, 0.0, 2.0, 8.0, 0.1];

function assertClose(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) <= 1e-15 * Math.max(1, Math.abs(expected)), `${actual} != ${expected}`);
}

test("MSE, RMSE, MAE and R²", () => {
  assertClose(meanSquaredError(yTrue, yPred), 0.302);
  assertClose(rootMeanSquaredError(yTrue, yPred), 0.5495452665613635);
  assertClose(meanAbsoluteError(yTrue, yPred), 0.42000000000000004);
  assertClose(r2(yTrue, yPred), 0.9578212290502793);
});

test("R² of a constant target follows scikit-learn's force_finite rule", () => {
  assert.equal(r2([1, 1, 1], [1, 1, 1]), 1);
  assert.equal(r2([1, 1, 1], [1, 2, 1]), 0);
});

test("MAPE is a fraction; a zero true value divides by epsilon, not zero", () => {
  assertClose(meanAbsolutePercentageError([3, -0.5, 2, 7], [2.5, 0, 2, 8]), 0.3273809523809524);
  assertClose(meanAbsolutePercentageError(yTrue, yPred), 90071992547410.19);
});

test("missing values are refused, naming the row", () => {
  assert.throws(() => r2([1, Number.NaN], [1, 2]), conveyorError("invalid_data", "row 1"));
  assert.throws(() => meanAbsoluteError([1], [1, 2]), /1 true values but 2 predictions/);
});
