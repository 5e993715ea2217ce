import assert from "node:assert/strict";
import { test } from "node:test";
import { createTable, getColumn, getNumberColumn } from "../../src/ml/table.ts";
import { Imputer } from "../../src/ml/transforms/imputer.ts";
import { conveyorError } from "../store/expect-conveyor-error.ts";

// Reference values: scikit-learn 1.2 SimpleImputer statistics_ on the same columns.
const table = createTable([
  { name: "n", type: "number", values: Float64Array.of(1, Number.NaN, 4, 4, 10, Number.NaN, 2, 2) },
  { name: "s", type: "string", values: ["x", null, "y", "z", "y", "x", "x", null] },
]);

test("number strategies learn scikit-learn's fills", () => {
  for (const [strategy, fill] of [
    ["mean", 3.8333333333333335],
    ["median", 3],
    ["most_frequent", 2], // 2 and 4 both occur twice: the smaller wins
    ["constant", 0],
  ] as const) {
    const imputer = Imputer.fit(table, strategy, ["n"]);
    assert.deepEqual(imputer.fills, [{ column: "n", value: fill }], strategy);
    const filled = getNumberColumn(imputer.transform(table), "n").values;
    assert.deepEqual(Array.from(filled), [1, fill, 4, 4, 10, fill, 2, 2]);
  }
});

test("text columns take most_frequent or a constant; mean of text is refused", () => {
  assert.deepEqual(Imputer.fit(table, "most_frequent", ["s"]).fills, [{ column: "s", value: "x" }]);
  const constant = Imputer.fit(table, "constant");
  assert.deepEqual(constant.fills, [
    { column: "n", value: 0 },
    { column: "s", value: "missing_value" },
  ]);
  assert.deepEqual(getColumn(constant.transform(table), "s").values, ["x", "missing_value", "y", "z", "y", "x", "x", "missing_value"]);
  assert.throws(() => Imputer.fit(table, "mean"), conveyorError("invalid_param", 'column "s"', "holds text"));
  assert.throws(() => Imputer.fit(table, "constant", ["s"], 5), conveyorError("invalid_param", 'column "s"'));
});

test("only training rows are learned from: later tables get the same fill", () => {
  const imputer = Imputer.fit(table, "mean", ["n"]);
  const later = createTable([
    { name: "n", type: "number", values: Float64Array.of(Number.NaN, 1000) },
    { name: "s", type: "string", values: ["q", null] },
  ]);
  assert.deepEqual(Array.from(getNumberColumn(imputer.transform(later), "n").values), [3.8333333333333335, 1000]);
  assert.deepEqual(getColumn(imputer.transform(later), "s").values, ["q", null]);
});

test("an all-missing column or an infinite value cannot be learned from", () => {
  const empty = createTable([{ name: "e", type: "number", values: Float64Array.of(Number.NaN, Number.NaN) }]);
  assert.throws(() => Imputer.fit(empty, "median"), conveyorError("invalid_data", 'column "e"', "every training row is missing"));
  const infinite = createTable([{ name: "i", type: "number", values: Float64Array.of(1, Number.NEGATIVE_INFINITY) }]);
  assert.throws(() => Imputer.fit(infinite, "mean"), conveyorError("invalid_data", 'column "i" has an infinite value at row 1'));
});

test("JSON round trip keeps the fills", () => {
  const imputer = Imputer.fit(table, "most_frequent");
  const loaded = Imputer.fromJSON(JSON.parse(JSON.stringify(imputer)));
  assert.deepEqual(loaded.transform(table), imputer.transform(table));
  assert.throws(() => Imputer.fromJSON({ kind: "impute", strategy: "mode", fills: [] }), conveyorError("corrupt_artifact", '"strategy"'));
});
