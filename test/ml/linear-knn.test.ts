// k-nearest-neighbour models (src/ml/models/knn.ts); kept with the linear-model tests, whose
// input checks and class handling they share.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createMatrix } from "../../src/ml/matrix.ts";
import { KNeighborsClassifier, KNeighborsRegressor } from "../../src/ml/models/knn.ts";
import { conveyorError } from "../store/expect-conveyor-error.ts";

// Reference values: scikit-learn 1.2 KNeighborsClassifier / KNeighborsRegressor on the same arrays.
const x = createMatrix(
  12,
  2,
  Float64Array.of(0.5, 1, 1.5, -0.5, 2, 0.3, -1, 2, 0, 0, 1, 1, 2.5, -1, -0.5, -0.5, 0.2, 1.7, 1.1, 0.4, -1.3, 0.8, 0.9, -1.2),
);
const letters = ["b", "c", "c", "a", "a", "b", "c", "a", "b", "c", "a", "b"];
const values = [3.1, 2.0, 4.2, 0.5, 1.1, 3.3, 3.9, 0.2, 2.8, 2.9, -0.4, 1.7];
const queries = createMatrix(3, 2, Float64Array.of(0, 0.5, 2, 0, -1, 1));

function assertClose(actual: ArrayLike<number>, expected: readonly number[]): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((e, i) => {
    assert.ok(Math.abs(actual[i]! - e) <= 1e-12, `[${i}] ${actual[i]} != ${e}`);
  });
}

test("classifier votes like scikit-learn; a tied vote goes to the first class", () => {
  const three = KNeighborsClassifier.fit(x, letters, { k: 3 });
  assertClose(three.predictProba(queries).data, [1 / 3, 1 / 3, 1 / 3, 0, 0, 1, 2 / 3, 1 / 3, 0]);
  assert.deepEqual(Array.from(three.predict(queries), (i) => three.classes[i]), ["a", "c", "a"]);
  const five = KNeighborsClassifier.fit(x, letters);
  assert.equal(five.k, 5);
  assertClose(five.predictProba(queries).data, [0.4, 0.4, 0.2, 0, 0.2, 0.8, 0.6, 0.4, 0]);
  assert.deepEqual(Array.from(five.predict(queries), (i) => five.classes[i]), ["a", "c", "a"]);
});

test("regressor averages its neighbours' targets like scikit-learn", () => {
  assertClose(KNeighborsRegressor.fit(x, values, { k: 4 }).predict(queries), [2.6, 3.25, 1]);
});

test("equidistant neighbours are taken in training-row order", () => {
  // Rows 0 and 1 are both at distance 1 from the query; k = 1 keeps row 0.
  const line = createMatrix(2, 1, Float64Array.of(-1, 1));
  const model = KNeighborsRegressor.fit(line, [10, 20], { k: 1 });
  assert.deepEqual(Array.from(model.predict(createMatrix(1, 1, Float64Array.of(0)))), [10]);
});

test("JSON round trips predict identically; k must fit the training rows", () => {
  const classifier = KNeighborsClassifier.fit(x, letters, { k: 3 });
  const classifierJson = JSON.parse(JSON.stringify(classifier));
  assert.equal(classifierJson.format, "conveyor.knn-classifier");
  assert.deepEqual(KNeighborsClassifier.fromJSON(classifierJson).predictProba(queries), classifier.predictProba(queries));
  assert.throws(
    () => KNeighborsClassifier.fromJSON({ ...classifierJson, targets: classifierJson.targets.map(() => 7) }),
    conveyorError("corrupt_artifact", "class indices"),
  );
  const regressor = KNeighborsRegressor.fit(x, values);
  const regressorJson = JSON.parse(JSON.stringify(regressor));
  assert.deepEqual(KNeighborsRegressor.fromJSON(regressorJson).predict(queries), regressor.predict(queries));
  assert.throws(() => KNeighborsRegressor.fromJSON({ ...regressorJson, k: 13 }), conveyorError("corrupt_artifact", '"k" is 13'));
  assert.throws(() => KNeighborsRegressor.fit(x, values, { k: 13 }), conveyorError("invalid_param", "only 12 training rows"));
  assert.throws(() => KNeighborsClassifier.fit(x, letters, { k: 0 }), conveyorError("invalid_param", "k is 0"));
});
