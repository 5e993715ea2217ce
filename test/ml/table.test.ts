import assert from "node:assert/strict";
import { test } from "node:test";
import { ConveyorError } from "../../src/errors.ts";
import { featureMatrix } from "../../src/ml/feature-matrix.ts";
import { createTable, getColumn, getNumberColumn, isMissing } from "../../src/ml/table.ts";
import { takeRows } from "../../src/ml/table-rows.ts";
import { describeTable } from "../../src/ml/table-schema.ts";

const table = createTable([
  { name: "x", type: "number", values: Float64Array.of(1, Number.NaN, 3) },
  { name: "y", type: "number", values: Float64Array.of(10, 20, 30) },
  { name: "name", type: "string", values: ["a", "b", null] },
]);

test("createTable counts rows and refuses ragged or duplicate columns", () => {
  assert.equal(table.rowCount, 3);
  assert.equal(createTable([]).rowCount, 0);
  assert.throws(
    () =>
      createTable([...table.columns, { name: "z", type: "number", values: new Float64Array(2) }]),
    /column "z" has 2 values, expected 3/,
  );
  assert.throws(
    () =>
      createTable([...table.columns, { name: "x", type: "number", values: new Float64Array(3) }]),
    /duplicate column name "x"/,
  );
});

test("getColumn names the columns that do exist", () => {
  assert.equal(getColumn(table, "y").name, "y");
  assert.throws(
    () => getColumn(table, "nope"),
    (error: unknown) =>
      error instanceof ConveyorError &&
      error.message === 'no column named "nope"' &&
      error.hint === 'the table has columns "x", "y", "name"',
  );
  assert.throws(() => getNumberColumn(table, "name"), /column "name" holds strings/);
});

test("missing values are NaN in number columns and null in string columns", () => {
  const x = getColumn(table, "x");
  const name = getColumn(table, "name");
  assert.deepEqual(
    [0, 1, 2].map((row) => isMissing(x, row)),
    [false, true, false],
  );
  assert.deepEqual(
    [0, 1, 2].map((row) => isMissing(name, row)),
    [false, false, true],
  );
});

test("takeRows keeps the order given", () => {
  const taken = takeRows(table, [2, 0]);
  assert.equal(taken.rowCount, 2);
  assert.deepEqual(Array.from(getNumberColumn(taken, "y").values), [30, 10]);
  assert.deepEqual(getColumn(taken, "name").values, [null, "a"]);
  assert.throws(() => takeRows(table, [3]), /row 3 is outside the table's 3 rows/);
});

test("describeTable reports types, observed nullability and row count", () => {
  assert.deepEqual(describeTable(table), {
    columns: [
      { name: "x", type: "number", nullable: true },
      { name: "y", type: "number", nullable: false },
      { name: "name", type: "string", nullable: true },
    ],
    rowCount: 3,
  });
});

test("featureMatrix is row-major and refuses missing values with their place", () => {
  const matrix = featureMatrix(takeRows(table, [0, 2]), ["y", "x"]);
  assert.deepEqual(
    { rows: matrix.rows, cols: matrix.cols, data: Array.from(matrix.data) },
    { rows: 2, cols: 2, data: [10, 1, 30, 3] },
  );
  assert.throws(() => featureMatrix(table, ["x"]), /column "x" has a missing value at row 1/);
  assert.throws(() => featureMatrix(table, ["name"]), /holds strings/);
});
