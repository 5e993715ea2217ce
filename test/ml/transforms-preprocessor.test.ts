import assert from "node:assert/strict";
import { test } from "node:test";
import { createTable } from "../../src/ml/table.ts";
import { Preprocessor } from "../../src/ml/transforms/preprocessor.ts";
import type { StepSpec } from "../../src/ml/transforms/table-step.ts";
import { conveyorError } from "../store/expect-conveyor-error.ts";

const train = createTable([
  { name: "id", type: "string", values: ["r1", "r2", "r3", "r4"] },
  { name: "age", type: "number", values: Float64Array.of(20, Number.NaN, 40, 60) },
  { name: "city", type: "string", values: ["Oslo", "Rome", null, "Oslo"] },
  { name: "size", type: "string", values: ["S", "M", "L", "M"] },
  { name: "income", type: "number", values: Float64Array.of(1, 2, 3, 10) },
  { name: "target", type: "number", values: Float64Array.of(0, 1, 0, 1) },
]);

const steps: StepSpec[] = [
  { kind: "select", columns: ["age", "city", "size", "income"] },
  { kind: "impute", columns: ["age"], strategy: "median" },
  { kind: "impute", columns: ["city"], strategy: "most_frequent" },
  { kind: "scale", columns: ["age"], method: "standard" },
  { kind: "scale", columns: ["income"], method: "min-max" },
  { kind: "one-hot", columns: ["city"], handleUnknown: "ignore" },
  { kind: "ordinal", columns: ["size"], unknownValue: -1 },
];

test("chains selection, imputation, scaling and encoding into named numeric features", () => {
  const preprocessor = Preprocessor.fit(train, steps);
  assert.deepEqual(preprocessor.input, [
    { name: "age", type: "number" },
    { name: "city", type: "string" },
    { name: "size", type: "string" },
    { name: "income", type: "number" },
  ]);
  assert.deepEqual(preprocessor.featureNames, ["age", "city_Oslo", "city_Rome", "size", "income"]);
  const x = preprocessor.transformRows(train);
  assert.equal(x.rows, 4);
  assert.equal(x.cols, 5);
  // age: NaN -> median 40, then standardized over (20, 40, 40, 60): mean 40, sd sqrt(200).
  const s = Math.sqrt(200);
  assert.deepEqual(
    Array.from(x.data),
    [-20 / s, 1, 0, 2, 0, 0, 0, 1, 1, 1 / 9, 0, 1, 0, 0, 2 / 9, 20 / s, 1, 0, 1, 1],
  );
});

test("what is learned comes from the training rows only, and is reused as-is on later tables", () => {
  const preprocessor = Preprocessor.fit(train, steps);
  // Extra columns are ignored and column order does not matter; unknown "Paris" and "XL" are handled.
  const later = createTable([
    { name: "income", type: "number", values: Float64Array.of(19) },
    { name: "size", type: "string", values: ["XL"] },
    { name: "city", type: "string", values: ["Paris"] },
    { name: "age", type: "number", values: Float64Array.of(Number.NaN) },
    { name: "note", type: "string", values: ["ignored"] },
  ]);
  // age NaN -> 40 (training median) -> 0; income (19 - 1) / 9 = 2, outside [0, 1] as scikit-learn.
  assert.deepEqual(Array.from(preprocessor.transformRows(later).data), [0, 0, 0, -1, 2]);
});

test("JSON round trip transforms identically; corrupt files are refused", () => {
  const preprocessor = Preprocessor.fit(train, steps);
  const json = JSON.parse(JSON.stringify(preprocessor));
  assert.equal(json.format, "conveyor.preprocessor");
  assert.equal(json.version, 1);
  const loaded = Preprocessor.fromJSON(json);
  assert.deepEqual(loaded.featureNames, preprocessor.featureNames);
  assert.deepEqual(loaded.transformRows(train), preprocessor.transformRows(train));
  assert.throws(() => Preprocessor.fromJSON({ ...json, version: 2 }), /version 2 is not supported/);
  assert.throws(
    () => Preprocessor.fromJSON({ ...json, steps: [{ kind: "pca" }] }),
    conveyorError("corrupt_artifact", 'unknown step kind "pca"'),
  );
  assert.throws(
    () => Preprocessor.fromJSON({ ...json, input: [{ name: "age", type: "date" }] }),
    conveyorError("corrupt_artifact", '"input"'),
  );
});

test("without a leading select, every column is an input; leftover text is refused at fit", () => {
  const numbers = createTable([
    { name: "a", type: "number", values: Float64Array.of(1, 2) },
    { name: "b", type: "number", values: Float64Array.of(3, 5) },
  ]);
  const preprocessor = Preprocessor.fit(numbers, [{ kind: "scale", method: "robust" }]);
  assert.deepEqual(preprocessor.featureNames, ["a", "b"]);
  assert.throws(
    () => Preprocessor.fit(train, [{ kind: "select", columns: ["size", "income"] }]),
    conveyorError("invalid_data", 'column "size" still holds text'),
  );
  assert.throws(
    () => Preprocessor.fit(train, [{ kind: "select", columns: ["income", "salary"] }]),
    conveyorError("unknown_column", 'no column named "salary"'),
  );
  assert.throws(
    () => Preprocessor.fit(train, [{ kind: "select", columns: ["income", "income"] }]),
    conveyorError("invalid_data", 'two columns named "income"'),
  );
  assert.throws(
    () => Preprocessor.fit(train, [{ kind: "select", columns: ["age"] }, { kind: "scale", method: "standard" }]),
    conveyorError("invalid_data", 'column "age" has a missing value at row 1'),
  );
  assert.throws(
    () => Preprocessor.fit(train, [{ kind: "normalize" } as unknown as StepSpec]),
    conveyorError("invalid_param", 'unknown preprocessing step "normalize"'),
  );
});
