import assert from "node:assert/strict";
import { test } from "node:test";
import { createTable } from "../../src/ml/table.ts";
import { OneHotEncoder } from "../../src/ml/transforms/one-hot-encoder.ts";
import { OrdinalEncoder } from "../../src/ml/transforms/ordinal-encoder.ts";
import { conveyorError } from "../store/expect-conveyor-error.ts";

// Reference: scikit-learn 1.2 OneHotEncoder / OrdinalEncoder on the same columns.
const train = createTable([
  { name: "color", type: "string", values: ["red", "blue", "red", "green"] },
  { name: "weight", type: "number", values: Float64Array.of(1, 2, 3, 4) },
  { name: "size", type: "string", values: ["S", "M", "L", "M"] },
]);
const unseen = createTable([
  { name: "color", type: "string", values: ["green"] },
  { name: "weight", type: "number", values: Float64Array.of(9) },
  { name: "size", type: "string", values: ["XL"] },
]);

const names = (t: { columns: readonly { name: string }[] }) => t.columns.map((c) => c.name);
const numbers = (t: { columns: readonly { values: ArrayLike<unknown> }[] }) => t.columns.map((c) => Array.from(c.values));

test("one-hot expands text columns in place into sorted categories, named as scikit-learn names them", () => {
  const encoder = OneHotEncoder.fit(train, undefined, "ignore");
  const encoded = encoder.transform(train);
  assert.deepEqual(names(encoded), ["color_blue", "color_green", "color_red", "weight", "size_L", "size_M", "size_S"]);
  assert.deepEqual(numbers(encoded)[0], [0, 1, 0, 0]);
  assert.deepEqual(numbers(encoder.transform(unseen)), [[0], [1], [0], [9], [0], [0], [0]]);
});

test('one-hot with handleUnknown "error" names the column and the unseen value', () => {
  const encoder = OneHotEncoder.fit(train, ["size"]);
  assert.throws(() => encoder.transform(unseen), conveyorError("invalid_data", 'column "size" has value "XL" at row 0'));
  assert.throws(() => OneHotEncoder.fit(train, ["size"], "drop" as "error"), conveyorError("invalid_param", "handleUnknown"));
});

test("ordinal encoding numbers the sorted categories; unknowns take unknownValue or fail", () => {
  const encoder = OrdinalEncoder.fit(train, ["color", "size"], -1);
  assert.deepEqual(numbers(encoder.transform(train)), [[2, 0, 2, 1], [1, 2, 3, 4], [2, 1, 0, 1]]);
  assert.deepEqual(numbers(encoder.transform(unseen)), [[1], [9], [-1]]);
  assert.throws(() => OrdinalEncoder.fit(train, ["size"]).transform(unseen), conveyorError("invalid_data", '"XL"'));
});

test("number columns can be encoded too; missing values must be imputed first", () => {
  const encoded = OneHotEncoder.fit(train, ["weight"]).transform(train);
  assert.deepEqual(names(encoded), ["color", "weight_1", "weight_2", "weight_3", "weight_4", "size"]);
  const holes = createTable([{ name: "c", type: "string", values: ["a", null] }]);
  assert.throws(() => OneHotEncoder.fit(holes), conveyorError("invalid_data", 'column "c" has a missing value at row 1'));
});

test("encoders round-trip through JSON", () => {
  const oneHot = OneHotEncoder.fit(train, undefined, "ignore");
  assert.deepEqual(OneHotEncoder.fromJSON(JSON.parse(JSON.stringify(oneHot))).transform(unseen), oneHot.transform(unseen));
  const ordinal = OrdinalEncoder.fit(train, undefined, -1);
  assert.deepEqual(OrdinalEncoder.fromJSON(JSON.parse(JSON.stringify(ordinal))).transform(unseen), ordinal.transform(unseen));
  assert.throws(
    () => OrdinalEncoder.fromJSON({ kind: "ordinal", unknownValue: -1, encoded: [{ column: "c" }] }),
    conveyorError("corrupt_artifact", '"encoded"'),
  );
});
