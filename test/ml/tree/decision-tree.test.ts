import assert from "node:assert/strict";
import { test } from "node:test";
import { createMatrix } from "../../../src/ml/matrix.ts";
import { DecisionTreeClassifier } from "../../../src/ml/models/tree/decision-tree-classifier.ts";
import { DecisionTreeRegressor } from "../../../src/ml/models/tree/decision-tree-regressor.ts";
import { noisyProblem } from "./synthetic.ts";

// XOR of the signs of x0 and x1: no single split separates the classes.
const xor = createMatrix(
  8,
  2,
  Float64Array.of(-2, -1, -1, -2, 1, 2, 2, 1, -1, 1, -2, 2, 1, -1, 2, -2),
);
const xorLabels = ["a", "a", "a", "a", "b", "b", "b", "b"];

test("a classification tree grows until its leaves are pure", () => {
  const tree = DecisionTreeClassifier.fit(xor, xorLabels);
  assert.deepEqual(tree.classes, ["a", "b"]);
  assert.deepEqual(Array.from(tree.predict(xor)), [0, 0, 0, 0, 1, 1, 1, 1]);
  const probabilities = tree.predictProba(createMatrix(1, 2, Float64Array.of(-5, -5)));
  assert.deepEqual(Array.from(probabilities.data), [1, 0]);
});

test("maxDepth and minSamplesLeaf stop the growth", () => {
  assert.equal(DecisionTreeClassifier.fit(xor, xorLabels, { maxDepth: 1 }).nodeCount, 3);
  assert.equal(DecisionTreeClassifier.fit(xor, xorLabels, { minSamplesLeaf: 3 }).nodeCount, 3);
  assert.equal(DecisionTreeClassifier.fit(xor, xorLabels, { minSamplesLeaf: 5 }).nodeCount, 1);
});

test("a regression tree splits in the middle of the gap between values", () => {
  const x = createMatrix(6, 1, Float64Array.of(1, 2, 3, 10, 11, 12));
  const tree = DecisionTreeRegressor.fit(x, [5, 5, 5, 9, 9, 9]);
  assert.equal(tree.nodeCount, 3);
  // The split lies between 3 and 10, at the middle of the bin edges 2.5 and 10.5.
  const probe = createMatrix(4, 1, Float64Array.of(6.4, 6.5, 6.6, 100));
  assert.deepEqual(Array.from(tree.predict(probe)), [5, 5, 9, 9]);
});

test("maxFeatures draws candidate features with the seed", () => {
  const { x, y } = noisyProblem(500, 6, 3);
  const json = (seed: number) =>
    JSON.stringify(DecisionTreeClassifier.fit(x, y, { maxFeatures: "sqrt", seed }).toJSON());
  assert.equal(json(1), json(1));
  assert.notEqual(json(1), json(2));
});

test("a saved tree loads back and predicts identically", () => {
  const { x, y } = noisyProblem(400, 4, 5);
  const classifier = DecisionTreeClassifier.fit(x, y, { maxDepth: 6 });
  const loaded = DecisionTreeClassifier.fromJSON(JSON.parse(JSON.stringify(classifier.toJSON())));
  assert.deepEqual(loaded.predictProba(x), classifier.predictProba(x));
  const regressor = DecisionTreeRegressor.fit(
    x,
    Float64Array.from(y, (v, i) => v + x.data[i * 4]!),
  );
  const loadedRegressor = DecisionTreeRegressor.fromJSON(
    JSON.parse(JSON.stringify(regressor.toJSON())),
  );
  assert.deepEqual(loadedRegressor.predict(x), regressor.predict(x));
});
