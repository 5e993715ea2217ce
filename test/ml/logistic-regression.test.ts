import assert from "node:assert/strict";
import { test } from "node:test";
import { choleskySolve } from "../../src/ml/linalg/cholesky.ts";
import { createMatrix } from "../../src/ml/matrix.ts";
import { LogisticRegression } from "../../src/ml/models/logistic-regression.ts";

const x = createMatrix(
  8,
  2,
  Float64Array.of(0.5, 1, 1.5, -0.5, 2, 0.3, -1, 2, 0, 0, 1, 1, 2.5, -1, -0.5, -0.5),
);
const y = [0, 1, 1, 0, 0, 1, 1, 0];

function assertClose(
  actual: ArrayLike<number>,
  expected: readonly number[],
  tolerance = 1e-8,
): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((e, i) => {
    assert.ok(Math.abs(actual[i]! - e) <= tolerance, `[${i}] ${actual[i]} != ${e}`);
  });
}

test("choleskySolve solves a positive-definite system and refuses an indefinite one", () => {
  // A = [[4, 2], [2, 3]], b = A [1, 2].
  assertClose(choleskySolve(Float64Array.of(4, 2, 2, 3), Float64Array.of(8, 8), 2), [1, 2], 1e-12);
  assert.throws(
    () => choleskySolve(Float64Array.of(1, 2, 2, 1), Float64Array.of(1, 1), 2),
    /not positive definite/,
  );
});

// Reference: scikit-learn 1.2 LogisticRegression(solver="newton-cg", tol=1e-12) on the same data,
// agreeing to 1e-9 with a plain NumPy Newton solve.
test("matches scikit-learn's LogisticRegression(C=1)", () => {
  const model = LogisticRegression.fit(x, y);
  assertClose(model.coefficients, [1.3032032749910534, -0.15593925449115106]);
  assertClose([model.intercept], [-0.9258983457785247]);
  assertClose(
    model.predictProba(x),
    [
      0.39406998735513504, 0.7515462788482951, 0.8366794827308038, 0.0730347902447616,
      0.2837575917303666, 0.5551165305033037, 0.9232997588861801, 0.1824955800799559,
    ],
  );
  assert.deepEqual(Array.from(model.predict(x)), [0, 1, 1, 0, 0, 1, 1, 0]);
});

test("C sets the L2 strength as in scikit-learn", () => {
  const model = LogisticRegression.fit(x, y, { C: 0.5 });
  assertClose(model.coefficients, [0.9144480499950508, -0.1535237160288027]);
  assertClose([model.intercept], [-0.639804498848991]);
});

test("JSON round trip keeps predictions; other formats are refused", () => {
  const model = LogisticRegression.fit(x, y);
  const json = JSON.parse(JSON.stringify(model));
  assert.equal(json.format, "conveyor.logistic-regression");
  assert.equal(json.version, 1);
  assert.equal(json.C, 1);
  assert.deepEqual(LogisticRegression.fromJSON(json).predictProba(x), model.predictProba(x));
  assert.throws(
    () => LogisticRegression.fromJSON({ ...json, format: "conveyor.standard-scaler" }),
    /expected format "conveyor.logistic-regression"/,
  );
  assert.throws(
    () => LogisticRegression.fromJSON({ ...json, coefficients: [1, "2"] }),
    /"coefficients" must be an array of finite numbers/,
  );
});

test("labels must be 0/1 with both classes present", () => {
  assert.throws(() => LogisticRegression.fit(x, [0, 1, 2, 0, 0, 1, 1, 0]), /label at row 2 is 2/);
  assert.throws(() => LogisticRegression.fit(x, [1, 1, 1, 1, 1, 1, 1, 1]), /only one class/);
  assert.throws(() => LogisticRegression.fit(x, [0, 1]), /8 rows but 2 labels/);
  assert.throws(() => LogisticRegression.fit(x, y, { C: 0 }), /C is 0/);
});

test("separable data still converges: the penalty keeps the weights finite", () => {
  const separable = createMatrix(4, 1, Float64Array.of(-2, -1, 1, 2));
  const model = LogisticRegression.fit(separable, [0, 0, 1, 1]);
  assert.ok(Number.isFinite(model.coefficients[0]) && model.coefficients[0]! > 0);
  assert.deepEqual(Array.from(model.predict(separable)), [0, 0, 1, 1]);
  assert.throws(
    () => model.predictProba(createMatrix(1, 2)),
    /the model has 1 features, the matrix 2 columns/,
  );
});
