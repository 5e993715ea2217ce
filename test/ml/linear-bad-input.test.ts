import assert from "node:assert/strict";
import { test } from "node:test";
import { createMatrix } from "../../src/ml/matrix.ts";
import { KNeighborsClassifier, KNeighborsRegressor } from "../../src/ml/models/knn.ts";
import { LinearRegression } from "../../src/ml/models/linear/linear-regression.ts";
import { LogisticClassifier } from "../../src/ml/models/linear/logistic-classifier.ts";
import { RidgeRegression } from "../../src/ml/models/linear/ridge-regression.ts";
import { createTable } from "../../src/ml/table.ts";
import { Preprocessor } from "../../src/ml/transforms/preprocessor.ts";
import { conveyorError } from "../store/expect-conveyor-error.ts";

// Bad data is a user error (ConveyorError with a hint) that says where it is.
const x = createMatrix(6, 2, Float64Array.of(0, 1, 1, 0, 2, 2, 3, 1, 4, 3, 5, 2));
const labels = [0, 0, 1, 1, 0, 1];
const targets = [1, 2, 3, 4, 5, 6];
const fits = {
  LinearRegression: (m: typeof x) => LinearRegression.fit(m, targets),
  RidgeRegression: (m: typeof x) => RidgeRegression.fit(m, targets),
  LogisticClassifier: (m: typeof x) => LogisticClassifier.fit(m, labels),
  KNeighborsClassifier: (m: typeof x) => KNeighborsClassifier.fit(m, labels, { k: 3 }),
  KNeighborsRegressor: (m: typeof x) => KNeighborsRegressor.fit(m, targets, { k: 3 }),
};

function withValue(row: number, column: number, value: number) {
  const data = Float64Array.from(x.data);
  data[row * x.cols + column] = value;
  return createMatrix(x.rows, x.cols, data);
}

for (const [name, fit] of Object.entries(fits)) {
  test(`${name}: NaN and Infinity in features are refused at fit and predict, naming row and column`, () => {
    assert.throws(() => fit(withValue(3, 1, Number.NaN)), conveyorError("invalid_data", "feature column 1", "missing (NaN)", "row 3"));
    assert.throws(() => fit(withValue(4, 0, Number.POSITIVE_INFINITY)), conveyorError("invalid_data", "feature column 0 is Infinity at row 4"));
    const model = fit(x);
    const query = createMatrix(2, 2, Float64Array.of(1, 1, Number.NEGATIVE_INFINITY, 0));
    assert.throws(() => model.predict(query), conveyorError("invalid_data", "feature column 0 is -Infinity at row 1"));
    assert.throws(() => model.predict(createMatrix(1, 3)), conveyorError("invalid_data", "trained on 2 features but the data has 3 columns"));
  });
}

test("classifiers refuse a target with a single class, or a missing label", () => {
  for (const fit of [LogisticClassifier.fit, KNeighborsClassifier.fit]) {
    assert.throws(() => fit(x, [1, 1, 1, 1, 1, 1]), conveyorError("invalid_data", "only one class (1)"));
    assert.throws(() => fit(x, ["a", "a", "a", "a", "a", "a"]), conveyorError("invalid_data", 'only one class ("a")'));
    assert.throws(() => fit(x, ["a", "b", null, "a", "b", "a"]), conveyorError("invalid_data", "label at row 2 is missing"));
    assert.throws(() => fit(x, [0, 1]), conveyorError("invalid_data", "6 rows but the target 2"));
  }
});

test("regressors refuse a missing or infinite target, naming the row", () => {
  for (const fit of [LinearRegression.fit, RidgeRegression.fit, KNeighborsRegressor.fit]) {
    assert.throws(() => fit(x, [1, 2, 3, 4, Number.NaN, 6]), conveyorError("invalid_data", "missing (NaN) at row 4"));
    assert.throws(() => fit(x, [1, Number.POSITIVE_INFINITY, 3, 4, 5, 6]), conveyorError("invalid_data", "Infinity at row 1"));
  }
});

test("prediction tables must match the preprocessor's fitted columns and types", () => {
  const train = createTable([
    { name: "age", type: "number", values: Float64Array.of(30, 40, 50) },
    { name: "city", type: "string", values: ["Oslo", "Rome", "Oslo"] },
  ]);
  const preprocessor = Preprocessor.fit(train, [{ kind: "one-hot" }]);
  const missing = createTable([{ name: "age", type: "number", values: Float64Array.of(1) }]);
  assert.throws(() => preprocessor.transformRows(missing), conveyorError("unknown_column", 'no column "city"'));
  const retyped = createTable([
    { name: "age", type: "string", values: ["30"] },
    { name: "city", type: "string", values: ["Oslo"] },
  ]);
  assert.throws(() => preprocessor.transformRows(retyped), conveyorError("invalid_data", 'column "age" holds text', "held numbers"));
  const holes = createTable([
    { name: "city", type: "string", values: ["Rome", "Oslo"] },
    { name: "age", type: "number", values: Float64Array.of(20, Number.NaN) },
  ]);
  assert.throws(() => preprocessor.transformRows(holes), conveyorError("invalid_data", 'column "age" has a missing value at row 1'));
  const infinite = createTable([
    { name: "city", type: "string", values: ["Rome", "Oslo"] },
    { name: "age", type: "number", values: Float64Array.of(Number.POSITIVE_INFINITY, 1) },
  ]);
  assert.throws(() => preprocessor.transformRows(infinite), conveyorError("invalid_data", 'column "age" has an infinite value at row 0'));
});
