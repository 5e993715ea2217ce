import assert from "node:assert/strict";
import { test } from "node:test";
import { createMatrix, type Matrix } from "../../src/ml/matrix.ts";
import { argmaxRows } from "../../src/ml/models/linear/argmax-rows.ts";
import { LogisticClassifier } from "../../src/ml/models/linear/logistic-classifier.ts";
import { MultinomialLogistic } from "../../src/ml/models/linear/multinomial-logistic.ts";
import { newtonMinimize } from "../../src/ml/models/linear/newton-minimize.ts";
import { SoftmaxLoss } from "../../src/ml/models/linear/softmax-loss.ts";
import { subsampleStart } from "../../src/ml/models/linear/subsample-start.ts";
import { BinaryLogisticLoss } from "../../src/ml/models/logistic-loss.ts";
import { LogisticRegression } from "../../src/ml/models/logistic-regression.ts";
import { seededRandom } from "../../src/ml/random.ts";
import { conveyorError } from "../store/expect-conveyor-error.ts";

const newton = { maxIterations: 100, tolerance: 1e-10 };

/** rows × cols of noise, and a class per row from `label` of its first two features. */
function problem(rows: number, cols: number, label: (a: number, b: number, noise: number) => number) {
  const random = seededRandom(3);
  const x = createMatrix(rows, cols);
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) x.data[r * cols + c] = random() * 4 - 2;
    y[r] = label(x.data[r * cols]!, x.data[r * cols + 1]!, random() - 0.5);
  }
  return { x, y };
}

function assertClose(actual: Float64Array, expected: Float64Array, tolerance: number): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((e, i) => {
    assert.ok(Math.abs(actual[i]! - e) <= tolerance, `[${i}] ${actual[i]} != ${e}`);
  });
}

test("a large binary fit starts from a subsample's optimum and ends at the optimum it reaches from zero", () => {
  const { x, y } = problem(20_000, 4, (a, b, noise) => (a - b + noise > 0 ? 1 : 0));
  const labels = Float64Array.from(y);
  const start = subsampleStart(x, labels, 2, 0.5, newton, (rows, ys, c) => new BinaryLogisticLoss(rows, ys, c));
  assert.ok(start, "20,000 rows are enough for a head start");
  const fromZero = newtonMinimize(new BinaryLogisticLoss(x, labels, 0.5), newton);
  // Within sampling error of the optimum: a head start, not the answer.
  assert.ok(Math.abs(start[0]! - fromZero[0]!) < 0.1 * Math.abs(fromZero[0]!));
  const model = LogisticRegression.fit(x, labels, { C: 0.5 });
  assertClose(Float64Array.of(...model.coefficients, model.intercept), fromZero, 1e-9);
});

test("a large multinomial fit ends at the optimum it reaches from zero", () => {
  const { x, y } = problem(20_000, 3, (a, b, noise) => (a + noise > 0.5 ? 2 : b + noise > 0 ? 1 : 0));
  const fromZero = newtonMinimize(new SoftmaxLoss(x, y, 3, 1), newton);
  const json = MultinomialLogistic.fit(x, y, 3).toJSON();
  for (let k = 0; k < 3; k++) {
    const theta = Float64Array.of(...json.coefficients.slice(k * 3, k * 3 + 3), json.intercepts[k]!);
    assertClose(theta, fromZero.subarray(k * 4, k * 4 + 4), 1e-9);
  }
});

test("a subsample that misses a class gives no head start, and the fit still converges", () => {
  const { x } = problem(10_000, 2, () => 0);
  const y = new Float64Array(10_000);
  y[1] = 1; // the every-4th-row subsample never sees it
  assert.equal(subsampleStart(x, y, 2, 1, newton, (rows, ys, c) => new BinaryLogisticLoss(rows, ys, c)), undefined);
  const model = LogisticRegression.fit(x, y);
  assert.ok(model.intercept < -5 && Number.isFinite(model.intercept));
});

test("predict refuses a non-finite feature found through the scores, even under a zero coefficient", () => {
  const model = LogisticRegression.fromJSON({
    format: "conveyor.logistic-regression",
    version: 1,
    C: 1,
    coefficients: [0, 1],
    intercept: 0.5,
  });
  const query = (value: number) => createMatrix(3, 2, Float64Array.of(1, 2, 3, 4, value, 5));
  for (const predict of [(m: Matrix) => model.predict(m), (m: Matrix) => model.predictProba(m)]) {
    assert.throws(() => predict(query(Number.POSITIVE_INFINITY)), conveyorError("invalid_data", "feature column 0 is Infinity at row 2"));
    assert.throws(() => predict(query(Number.NaN)), conveyorError("invalid_data", "feature column 0 is missing (NaN) at row 2"));
  }
  const { x, y } = problem(30, 2, (a, b) => (a > 0.7 ? 2 : b > 0 ? 1 : 0));
  const multinomial = LogisticClassifier.fit(x, y);
  const bad = createMatrix(2, 2, Float64Array.of(0, 0, 1, Number.NEGATIVE_INFINITY));
  assert.throws(() => multinomial.predictProba(bad), conveyorError("invalid_data", "feature column 1 is -Infinity at row 1"));
  assert.throws(() => multinomial.predict(bad), conveyorError("invalid_data", "feature column 1 is -Infinity at row 1"));
});

test("binary predict takes the class of positive log-odds: the argmax of predictProba", () => {
  const { x, y } = problem(500, 3, (a, b, noise) => (a + b + noise > 0 ? 1 : 0));
  const model = LogisticClassifier.fit(x, Float64Array.from(y));
  assert.deepEqual(model.predict(x), argmaxRows(model.predictProba(x)));
});
