/** inferSuite: a proposed suite from a reference table, which the reference itself passes. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createTable } from "../../src/ml/table.ts";
import { countChecks } from "../../src/ml/validate/count-checks.ts";
import { type InferredKind, inferSuite } from "../../src/ml/validate/infer-suite.ts";
import { validateTable } from "../../src/ml/validate/validate-table.ts";

const nan = Number.NaN;
const reference = createTable([
  { name: "age", type: "number", values: Float64Array.of(34, 51, 28, 40, 33, 45) },
  { name: "score", type: "number", values: Float64Array.of(-1.5, 0.5, 2.5, 0.5, -1.5, 0.5) },
  { name: "visits", type: "number", values: Float64Array.of(0, 3, 10, 3, 0, 1) },
  { name: "level", type: "number", values: Float64Array.of(5, 5, 5, 5, 5, 5) },
  { name: "unused", type: "number", values: Float64Array.of(nan, nan, nan, nan, nan, nan) },
  { name: "city", type: "string", values: ["Oslo", "Rome", "Oslo", "Lima", "Rome", "Oslo"] },
  { name: "id", type: "string", values: ["u1", "u2", "u3", "u4", "u5", "u6"] },
  { name: "note", type: "string", values: ["a", null, "a", "a", "a", "a"] },
]);

test("types, not-null, widened ranges, small sets and a row-count band", () => {
  assert.deepEqual(inferSuite(reference), [
    { kind: "rowCount", min: 3, max: 12 },
    {
      kind: "schema",
      columns: {
        age: "number",
        score: "number",
        visits: "number",
        level: "number",
        unused: "number",
        city: "string",
        id: "string",
        note: "string",
      },
    },
    { kind: "notNull", column: "age" },
    // 28..51 widened by 2.3 each side, then to whole numbers as every age is whole.
    { kind: "range", column: "age", min: 25, max: 54 },
    { kind: "notNull", column: "score" },
    { kind: "range", column: "score", min: -1.9, max: 2.9 },
    { kind: "notNull", column: "visits" },
    // Never below zero when the reference never was.
    { kind: "range", column: "visits", min: 0, max: 11 },
    { kind: "notNull", column: "level" },
    // A constant widens by a tenth of its value.
    { kind: "range", column: "level", min: 4, max: 6 },
    { kind: "notNull", column: "city" },
    { kind: "inSet", column: "city", values: ["Lima", "Oslo", "Rome"] },
    // Six distinct ids in six rows do not repeat: no set.
    { kind: "notNull", column: "id" },
    { kind: "inSet", column: "note", values: ["a"] },
  ]);
});

test("the reference passes its own suite; a drifted batch does not", () => {
  const suite = inferSuite(reference);
  assert.equal(validateTable(reference, suite).passed, true);
  const batch = createTable([
    { name: "age", type: "number", values: Float64Array.of(30, 61, 40) },
    { name: "score", type: "number", values: Float64Array.of(0, 1, 2) },
    { name: "visits", type: "number", values: Float64Array.of(1, 2, 3) },
    { name: "level", type: "number", values: Float64Array.of(5, 5, 5) },
    { name: "unused", type: "number", values: Float64Array.of(nan, nan, nan) },
    { name: "city", type: "string", values: ["Oslo", "Paris", "Rome"] },
    { name: "id", type: "string", values: ["u7", "u8", null] },
    { name: "note", type: "string", values: [null, null, "a"] },
  ]);
  const failed = validateTable(batch, suite).results.filter((r) => !r.passed);
  assert.deepEqual(
    failed.map((r) => [r.expectation, r.column, r.failingValues ?? r.failingRows]),
    [
      ["range", "age", [61]],
      ["inSet", "city", ["Paris"]],
      ["notNull", "id", [2]],
    ],
  );
});

test("a reference with no rows is refused", () => {
  const empty = createTable([{ name: "age", type: "number", values: new Float64Array(0) }]);
  assert.throws(() => inferSuite(empty), {
    message: "cannot infer expectations from a table with no rows",
    hint: "infer them from a representative sample, usually the training data",
  });
});

test("options: which kinds to infer, and how far the row count may move", () => {
  const suite = inferSuite(reference, { kinds: ["rowCount", "inSet"], rowCountTolerance: 5 });
  assert.deepEqual(suite, [
    { kind: "rowCount", min: 1, max: 30 },
    { kind: "inSet", column: "city", values: ["Lima", "Oslo", "Rome"] },
    { kind: "inSet", column: "note", values: ["a"] },
  ]);
  assert.throws(() => inferSuite(reference, { rowCountTolerance: 0.5 }), /rowCountTolerance is 0\.5/);
  assert.throws(
    () => inferSuite(reference, { kinds: ["unique" as InferredKind] }),
    /cannot infer expectations of kind "unique"/,
  );
});

test("countChecks counts a suite's checks as the validation report does", () => {
  const suite = inferSuite(reference);
  const { total, byKind } = countChecks(suite);
  assert.equal(total, validateTable(reference, suite).results.length);
  assert.deepEqual(byKind, { rowCount: 1, schema: 8, notNull: 6, range: 4, inSet: 2 });
});
