import assert from "node:assert/strict";
import { test } from "node:test";
import { createMatrix, type Matrix } from "../../../src/ml/matrix.ts";
import { sigmoid, softmax } from "../../../src/ml/models/tree/boosting-loss.ts";
import { DecisionTreeClassifier } from "../../../src/ml/models/tree/decision-tree-classifier.ts";
import { DecisionTreeRegressor } from "../../../src/ml/models/tree/decision-tree-regressor.ts";
import { HistGradientBoostingClassifier } from "../../../src/ml/models/tree/hist-gradient-boosting-classifier.ts";
import { HistGradientBoostingRegressor } from "../../../src/ml/models/tree/hist-gradient-boosting-regressor.ts";
import { RandomForestClassifier } from "../../../src/ml/models/tree/random-forest-classifier.ts";
import { RandomForestRegressor } from "../../../src/ml/models/tree/random-forest-regressor.ts";
import type { TreeJSON } from "../../../src/ml/models/tree/tree-json.ts";
import { loadDataset } from "./datasets.ts";
import { noisyProblem } from "./synthetic.ts";

// The prediction kernel (addTreeValues in tree.ts) walks four rows at a time, branch-free,
// on an in-memory form where leaves point to themselves. These tests hold it to the obvious
// walk of the saved form (a leaf has feature -1; a row goes left when value <= threshold),
// one row at a time, bit for bit. 203 rows: 50 groups of four and a tail of three.
const { x: train, y: labels } = noisyProblem(400, 5, 21);
const { x: rows } = noisyProblem(203, 5, 22);
const targets = Float64Array.from(labels, (label, r) => label * 3 + train.data[r * 5 + 2]!);

function leafOf(tree: TreeJSON, x: Matrix, row: number): number {
  let node = 0;
  while (tree.feature[node] !== -1) {
    const value = x.data[row * x.cols + tree.feature[node]!]!;
    node = value <= tree.threshold[node]! ? tree.left[node]! : tree.left[node]! + 1;
  }
  return node;
}

/**
 * Each row's sums over the trees in order, starting from `start` (a boosted model's
 * baseline); tree i adds its leaf's values at column `column(i)`.
 */
function referenceSums(
  trees: readonly TreeJSON[],
  x: Matrix,
  start: readonly number[],
  column: (tree: number) => number,
): Float64Array {
  const width = start.length;
  const sums = new Float64Array(x.rows * width);
  for (let row = 0; row < x.rows; row++) sums.set(start, row * width);
  trees.forEach((tree, i) => {
    for (let row = 0; row < x.rows; row++) {
      const leaf = leafOf(tree, x, row);
      for (let k = 0; k < tree.valueWidth; k++) {
        sums[row * width + column(i) + k]! += tree.value[leaf * tree.valueWidth + k]!;
      }
    }
  });
  return sums;
}

function assertSaved(trees: readonly TreeJSON[]): void {
  for (const tree of trees) {
    tree.feature.forEach((f, node) => {
      if (f === -1) assert.deepEqual([tree.threshold[node], tree.left[node]], [0, 0]);
    });
  }
}

test("a random forest predicts as the plain walk of its saved trees", async () => {
  const classifier = await RandomForestClassifier.fit(train, labels, { nEstimators: 20 });
  const { trees } = classifier.toJSON();
  assertSaved(trees);
  const expected = referenceSums(trees, rows, [0, 0], () => 0).map((s) => s / trees.length);
  assert.deepEqual(Array.from(classifier.predictProba(rows).data), Array.from(expected));

  const regressor = await RandomForestRegressor.fit(train, targets, { nEstimators: 20 });
  const saved = regressor.toJSON().trees;
  const sums = referenceSums(saved, rows, [0], () => 0).map((s) => s / saved.length);
  assert.deepEqual(Array.from(regressor.predict(rows)), Array.from(sums));
});

test("a decision tree predicts as the plain walk of its saved tree, a lone leaf too", () => {
  const classifier = DecisionTreeClassifier.fit(train, labels);
  const { tree } = classifier.toJSON();
  assertSaved([tree]);
  const expected = referenceSums([tree], rows, [0, 0], () => 0);
  assert.deepEqual(Array.from(classifier.predictProba(rows).data), Array.from(expected));

  const regressor = DecisionTreeRegressor.fit(train, targets, { maxDepth: 6 });
  const saved = regressor.toJSON().tree;
  const sums = referenceSums([saved], rows, [0], () => 0);
  assert.deepEqual(Array.from(regressor.predict(rows)), Array.from(sums));

  const constant = DecisionTreeRegressor.fit(train, new Float64Array(train.rows).fill(2.5));
  assert.equal(constant.nodeCount, 1);
  assert.deepEqual(Array.from(constant.predict(rows)), new Array(rows.rows).fill(2.5));
});

test("gradient boosting predicts as the plain walk of its saved trees", async () => {
  const binary = HistGradientBoostingClassifier.fit(train, labels, { maxIter: 30 });
  const json = binary.toJSON();
  assertSaved(json.trees);
  const raw = referenceSums(json.trees, rows, json.baseline, () => 0);
  const probabilities = Array.from(raw).flatMap((r) => [1 - sigmoid(r), sigmoid(r)]);
  assert.deepEqual(Array.from(binary.predictProba(rows).data), probabilities);

  // Three classes: tree i of an iteration adds to class i's column.
  const iris = await loadDataset("iris");
  const multiclass = HistGradientBoostingClassifier.fit(iris.train.x, iris.train.y, {
    maxIter: 20,
  });
  const saved = multiclass.toJSON();
  const test = iris.test.x;
  const scores = referenceSums(saved.trees, test, saved.baseline, (i) => i % 3);
  const expected = createMatrix(test.rows, 3);
  for (let row = 0; row < test.rows; row++) {
    softmax(scores, row * 3, expected.data.subarray(row * 3, row * 3 + 3));
  }
  assert.deepEqual(Array.from(multiclass.predictProba(test).data), Array.from(expected.data));

  const regressor = HistGradientBoostingRegressor.fit(train, targets, { maxIter: 30 });
  const regression = regressor.toJSON();
  const values = referenceSums(regression.trees, rows, regression.baseline, () => 0);
  assert.deepEqual(Array.from(regressor.predict(rows)), Array.from(values));
});
