import assert from "node:assert/strict";
import { test } from "node:test";
import { createMatrix } from "../../src/ml/matrix.ts";
import { LinearRegression } from "../../src/ml/models/linear/linear-regression.ts";
import { LogisticClassifier } from "../../src/ml/models/linear/logistic-classifier.ts";
import { RidgeRegression } from "../../src/ml/models/linear/ridge-regression.ts";
import { LogisticRegression } from "../../src/ml/models/logistic-regression.ts";
import { conveyorError } from "../store/expect-conveyor-error.ts";

// Reference values: scikit-learn 1.2 on the same arrays (LogisticRegression with
// solver="newton-cg", tol=1e-14, which reaches the optimum lbfgs approaches).
const x = createMatrix(
  12,
  2,
  Float64Array.of(0.5, 1, 1.5, -0.5, 2, 0.3, -1, 2, 0, 0, 1, 1, 2.5, -1, -0.5, -0.5, 0.2, 1.7, 1.1, 0.4, -1.3, 0.8, 0.9, -1.2),
);
const letters = ["b", "c", "c", "a", "a", "b", "c", "a", "b", "c", "a", "b"];
const values = [3.1, 2.0, 4.2, 0.5, 1.1, 3.3, 3.9, 0.2, 2.8, 2.9, -0.4, 1.7];

function assertClose(actual: ArrayLike<number>, expected: readonly number[], tolerance: number): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((e, i) => {
    assert.ok(Math.abs(actual[i]! - e) <= tolerance, `[${i}] ${actual[i]} != ${e}`);
  });
}

test("LinearRegression matches scikit-learn's least squares", () => {
  const model = LinearRegression.fit(x, values);
  assertClose(model.coefficients, [1.4470622218611502, 0.7245714517832482], 1e-12);
  assertClose([model.intercept], [1.0347487385020893], 1e-12);
  assertClose(model.predict(createMatrix(2, 2, x.data.slice(0, 4))), [2.482851301215913, 2.84305634540219], 1e-12);
});

test("LinearRegression names the column that makes the design singular", () => {
  const duplicated = createMatrix(4, 3, Float64Array.of(1, 2, 3, 2, 1, 3, 3, 5, 8, 4, 4, 8));
  assert.throws(() => LinearRegression.fit(duplicated, [1, 2, 3, 4]), conveyorError("invalid_data", "feature column 2", "linear combination"));
  const constant = createMatrix(3, 2, Float64Array.of(1, 7, 2, 7, 3, 7));
  assert.throws(() => LinearRegression.fit(constant, [1, 2, 3]), conveyorError("invalid_data", "feature column 1 is constant"));
  assert.throws(() => LinearRegression.fit(createMatrix(2, 2, Float64Array.of(1, 2, 3, 5)), [1, 2]), conveyorError("invalid_data", "2 rows, 2 features"));
  // Ridge tolerates the same collinear design.
  assert.ok(RidgeRegression.fit(duplicated, [1, 2, 3, 4]).coefficients.every(Number.isFinite));
});

test("RidgeRegression matches scikit-learn's Ridge(alpha=2.5)", () => {
  const model = RidgeRegression.fit(x, values, { alpha: 2.5 });
  assertClose(model.coefficients, [1.1322744960211628, 0.4458767549672398], 1e-12);
  assertClose([model.intercept], [1.3086499131320848], 1e-12);
  assert.throws(() => RidgeRegression.fit(x, values, { alpha: 0 }), conveyorError("invalid_param", "alpha is 0"));
});

test("linear models round-trip through JSON and predict identically", () => {
  for (const [model, load] of [
    [LinearRegression.fit(x, values), LinearRegression.fromJSON],
    [RidgeRegression.fit(x, values, { alpha: 2.5 }), RidgeRegression.fromJSON],
  ] as const) {
    const json = JSON.parse(JSON.stringify(model));
    assert.equal(json.version, 1);
    assert.deepEqual(load(json).predict(x), model.predict(x));
    assert.throws(() => load({ ...json, version: 2 }), /version 2 is not supported/);
  }
});

test("multinomial LogisticClassifier matches scikit-learn, string labels sorted into classes", () => {
  const model = LogisticClassifier.fit(x, letters);
  assert.deepEqual(model.classes, ["a", "b", "c"]);
  const json = model.toJSON();
  assert.equal(json.model.format, "conveyor.multinomial-logistic");
  assertClose(
    json.model.coefficients,
    [-1.334810758810396, -0.1413947465773238, 0.14009743596485139, 0.2980373816808904, 1.1947133228455447, -0.15664263510356688],
    1e-8,
  );
  assertClose((json.model as { intercepts: number[] }).intercepts, [0.6340964168699326, 0.20021964728296285, -0.8343160641528946], 1e-8);
  const proba = model.predictProba(x);
  assertClose(
    proba.data.slice(0, 9),
    [
      0.2560389318022753, 0.538258520610158, 0.20570254758756662, 0.06223967720948348, 0.2958232513273592,
      0.6419370714631573, 0.01952585679797606, 0.2757539093820586, 0.7047202338199654,
    ],
    1e-8,
  );
  const predicted = Array.from(model.predict(x), (i) => model.classes[i]);
  assert.deepEqual(predicted, ["b", "c", "c", "a", "a", "b", "c", "a", "b", "b", "a", "c"]);
});

test("C sets the multinomial L2 strength as in scikit-learn", () => {
  const json = LogisticClassifier.fit(x, letters, { C: 0.3 }).toJSON();
  assertClose(
    json.model.coefficients,
    [-0.7072446764167779, -0.02230307416363575, 0.07871206264112511, 0.1866987631685019, 0.6285326137756527, -0.16439568900486604],
    1e-8,
  );
});

test("two classes take the existing binary LogisticRegression path", () => {
  const y = [0, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0, 0];
  const classifier = LogisticClassifier.fit(x, y.map((v) => (v === 1 ? "yes" : "no")));
  const binary = LogisticRegression.fit(x, y);
  assert.deepEqual(classifier.classes, ["no", "yes"]);
  assert.equal(classifier.toJSON().model.format, "conveyor.logistic-regression");
  const proba = classifier.predictProba(x);
  const positive = binary.predictProba(x);
  for (let i = 0; i < x.rows; i++) {
    assert.equal(proba.data[2 * i + 1], positive[i]);
    assert.equal(proba.data[2 * i], 1 - positive[i]!);
  }
  assert.deepEqual(Array.from(classifier.predict(x)), Array.from(binary.predict(x)));
});

test("LogisticClassifier round-trips through JSON; corrupt files are refused", () => {
  for (const model of [LogisticClassifier.fit(x, letters), LogisticClassifier.fit(x, values.map((v) => (v > 2 ? 1 : 0)))]) {
    const json = JSON.parse(JSON.stringify(model));
    assert.equal(json.format, "conveyor.logistic-classifier");
    const loaded = LogisticClassifier.fromJSON(json);
    assert.deepEqual(loaded.classes, model.classes);
    assert.deepEqual(loaded.predictProba(x), model.predictProba(x));
    assert.throws(() => LogisticClassifier.fromJSON({ ...json, classes: ["a"] }), conveyorError("corrupt_artifact", "classes"));
  }
  const json = JSON.parse(JSON.stringify(LogisticClassifier.fit(x, letters)));
  assert.throws(
    () => LogisticClassifier.fromJSON({ ...json, classes: ["a", "b", "c", "d"] }),
    conveyorError("corrupt_artifact", "scores 3 classes"),
  );
});
