import assert from "node:assert/strict";
import { test } from "node:test";
import { ConveyorError } from "../../../src/errors.ts";
import { createMatrix, type Matrix } from "../../../src/ml/matrix.ts";
import { DecisionTreeClassifier } from "../../../src/ml/models/tree/decision-tree-classifier.ts";
import { DecisionTreeRegressor } from "../../../src/ml/models/tree/decision-tree-regressor.ts";
import { HistGradientBoostingClassifier } from "../../../src/ml/models/tree/hist-gradient-boosting-classifier.ts";
import { HistGradientBoostingRegressor } from "../../../src/ml/models/tree/hist-gradient-boosting-regressor.ts";
import { RandomForestClassifier } from "../../../src/ml/models/tree/random-forest-classifier.ts";
import { RandomForestRegressor } from "../../../src/ml/models/tree/random-forest-regressor.ts";
import { noisyProblem } from "./synthetic.ts";

interface Model {
  predict(x: Matrix): unknown;
  toJSON(): unknown;
}

interface Kind {
  fit(x: Matrix, y: ArrayLike<number>): Promise<Model> | Model;
  load(json: unknown): unknown;
}

// Every tree model, fitted small, so that each check runs against all six.
const kinds: Record<string, Kind> = {
  DecisionTreeClassifier: {
    fit: (x, y) => DecisionTreeClassifier.fit(x, y),
    load: (json) => DecisionTreeClassifier.fromJSON(json),
  },
  DecisionTreeRegressor: {
    fit: (x, y) => DecisionTreeRegressor.fit(x, y),
    load: (json) => DecisionTreeRegressor.fromJSON(json),
  },
  RandomForestClassifier: {
    fit: (x, y) => RandomForestClassifier.fit(x, y, { nEstimators: 5, threads: 1 }),
    load: (json) => RandomForestClassifier.fromJSON(json),
  },
  RandomForestRegressor: {
    fit: (x, y) => RandomForestRegressor.fit(x, y, { nEstimators: 5, threads: 1 }),
    load: (json) => RandomForestRegressor.fromJSON(json),
  },
  HistGradientBoostingClassifier: {
    fit: (x, y) => HistGradientBoostingClassifier.fit(x, y, { maxIter: 5 }),
    load: (json) => HistGradientBoostingClassifier.fromJSON(json),
  },
  HistGradientBoostingRegressor: {
    fit: (x, y) => HistGradientBoostingRegressor.fit(x, y, { maxIter: 5 }),
    load: (json) => HistGradientBoostingRegressor.fromJSON(json),
  },
};

const { x, y } = noisyProblem(60, 3, 1);

function withValue(value: number, row: number, column: number): Matrix {
  const data = x.data.slice();
  data[row * x.cols + column] = value;
  return createMatrix(x.rows, x.cols, data);
}

const userError = (pattern: RegExp, code: string) => (error: unknown) =>
  error instanceof ConveyorError && pattern.test(error.message) && error.code === code;

for (const [name, { fit, load }] of Object.entries(kinds)) {
  test(`${name}: NaN and Infinity in the features are refused, naming row and column`, async () => {
    await assert.rejects(
      async () => fit(withValue(Number.NaN, 7, 2), y),
      userError(/feature column 2 has a missing \(NaN\) value at row 7/, "invalid_data"),
    );
    await assert.rejects(
      async () => fit(withValue(-Infinity, 0, 1), y),
      userError(/feature column 1 has an infinite value at row 0/, "invalid_data"),
    );
    const model = await fit(x, y);
    assert.throws(
      () => model.predict(withValue(Infinity, 3, 0)),
      userError(/feature column 0 has an infinite value at row 3/, "invalid_data"),
    );
  });

  test(`${name}: a matrix of the wrong width or label count is a RangeError`, async () => {
    const model = await fit(x, y);
    assert.throws(
      () => model.predict(createMatrix(2, 4)),
      (error: unknown) =>
        error instanceof RangeError && /3 features, the matrix 4 columns/.test(error.message),
    );
    await assert.rejects(async () => fit(x, y.subarray(1)), /60 rows but 59 labels/);
    await assert.rejects(async () => fit(createMatrix(0, 3), []), RangeError);
  });

  test(`${name}: a saved model of another format or version does not load`, async () => {
    const model = await fit(x, y);
    const json = model.toJSON() as Record<string, unknown>;
    assert.throws(
      () => load({ ...json, version: 2 }),
      userError(/version 2 is not supported/, "corrupt_artifact"),
    );
    assert.throws(
      () => load({ ...json, format: "other" }),
      userError(/expected format/, "corrupt_artifact"),
    );
  });
}

test("classifiers refuse a single class and a missing label", async () => {
  const oneClass = new Float64Array(x.rows).fill(3);
  for (const name of [
    "DecisionTreeClassifier",
    "RandomForestClassifier",
    "HistGradientBoostingClassifier",
  ]) {
    await assert.rejects(
      async () => kinds[name]!.fit(x, oneClass),
      userError(/the labels hold only one class \(3\)/, "invalid_data"),
      name,
    );
  }
  const missing = Float64Array.from(y);
  missing[4] = Number.NaN;
  assert.throws(
    () => DecisionTreeClassifier.fit(x, missing),
    userError(/the label at row 4 is missing/, "invalid_data"),
  );
});

test("regressors refuse a missing or infinite target, naming the row", () => {
  const target = Float64Array.from(y);
  target[9] = Infinity;
  assert.throws(
    () => HistGradientBoostingRegressor.fit(x, target),
    userError(/the target at row 9 is Infinity/, "invalid_data"),
  );
});

test("string class labels are kept and sorted", () => {
  const labels = Array.from(y, (v) => (v === 1 ? "yes" : "no"));
  const model = HistGradientBoostingClassifier.fit(x, labels, { maxIter: 5 });
  assert.deepEqual(model.classes, ["no", "yes"]);
});

test("out-of-range options are refused by name", async () => {
  const invalid = (name: string) => userError(new RegExp(`^${name} is`), "invalid_param");
  await assert.rejects(
    async () => RandomForestClassifier.fit(x, y, { nEstimators: 0 }),
    invalid("nEstimators"),
  );
  await assert.rejects(
    async () => RandomForestClassifier.fit(x, y, { maxFeatures: 2 }),
    invalid("maxFeatures"),
  );
  assert.throws(() => DecisionTreeClassifier.fit(x, y, { maxDepth: 1.5 }), invalid("maxDepth"));
  assert.throws(() => DecisionTreeClassifier.fit(x, y, { maxBins: 1 }), invalid("maxBins"));
  assert.throws(
    () => HistGradientBoostingClassifier.fit(x, y, { learningRate: -1 }),
    invalid("learningRate"),
  );
  assert.throws(
    () => HistGradientBoostingClassifier.fit(x, y, { maxBins: 300 }),
    invalid("maxBins"),
  );
  assert.throws(
    () => HistGradientBoostingClassifier.fit(x, y, { validationFraction: 1 }),
    invalid("validationFraction"),
  );
});

test("a tree whose children point outside it does not load", () => {
  const json = DecisionTreeClassifier.fit(x, y, { maxDepth: 2 }).toJSON();
  const broken = {
    ...json,
    tree: { ...json.tree, left: json.tree.left.map((l) => (l > 0 ? 99 : l)) },
  };
  assert.throws(
    () => DecisionTreeClassifier.fromJSON(broken),
    userError(/tree node 0 has feature/, "corrupt_artifact"),
  );
});
