/** The row-wise and summary expectations, written with the builders and as plain objects. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createTable } from "../../src/ml/table.ts";
import type { Expectation } from "../../src/ml/validate/expectation.ts";
import { expect } from "../../src/ml/validate/expect.ts";
import { renderReport } from "../../src/ml/validate/render-report.ts";
import { validateTable } from "../../src/ml/validate/validate-table.ts";

const nan = Number.NaN;
const table = createTable([
  { name: "id", type: "number", values: Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 3) },
  { name: "age", type: "number", values: Float64Array.of(34, nan, 51, -2, 40, nan, 130, 28, 33, 45) },
  {
    name: "city",
    type: "string",
    values: ["Oslo", "Rome", null, "Lima", "Oslo", "Paris", "Lima", "Oslo", "Rome", "Bern"],
  },
  {
    name: "email",
    type: "string",
    values: ["a@x.io", "b@x.io", "bad", null, "c@y.org", "d@y.org", "e@", "f@z.net", "g@z.net", "h@z.net"],
  },
  { name: "code", type: "string", values: ["7", "7", "8", "8", "7", "7", "8", "8", "7", null] },
]);

function only(expectation: Expectation) {
  const [result] = validateTable(table, [expectation]).results;
  return result!;
}

test("the builders make the plain objects a JSON suite holds", () => {
  assert.deepEqual(
    [
      expect.column("age").exists(),
      expect.column("age").hasType("number"),
      expect.column("age").notNull({ mostly: 0.8 }),
      expect.column("age").between(0, 120),
      expect.column("age").between(undefined, 120),
      expect.column("city").inSet(["Oslo", "Rome"]),
      expect.column("id").unique(),
      expect.column("email").matches(/^[^@]+@[^@]+$/gi),
      expect.column("age").meanBetween(30),
      expect.column("age").stdBetween(0, 50),
      expect.column("age").quantileBetween(0.5, 30, 40),
      expect.column("age").sameDistribution({ method: "psi", threshold: 0.2 }),
      expect.rowCount(5, 100),
      expect.noDrift({ driftShare: 0.3 }),
    ],
    [
      { kind: "exists", column: "age" },
      { kind: "schema", columns: { age: "number" } },
      { kind: "notNull", column: "age", mostly: 0.8 },
      { kind: "range", column: "age", min: 0, max: 120 },
      { kind: "range", column: "age", max: 120 },
      { kind: "inSet", column: "city", values: ["Oslo", "Rome"] },
      { kind: "unique", column: "id" },
      { kind: "matches", column: "email", pattern: "^[^@]+@[^@]+$", flags: "i" },
      { kind: "mean", column: "age", min: 30 },
      { kind: "std", column: "age", min: 0, max: 50 },
      { kind: "quantile", column: "age", q: 0.5, min: 30, max: 40 },
      { kind: "sameDistribution", column: "age", method: "psi", threshold: 0.2 },
      { kind: "rowCount", min: 5, max: 100 },
      { kind: "noDrift", driftShare: 0.3 },
    ],
  );
});

test("exists: present or absent", () => {
  assert.deepEqual(only(expect.column("age").exists()), {
    expectation: "exists",
    column: "age",
    expected: "the column",
    observed: { column: "present" },
    passed: true,
  });
  assert.deepEqual(only(expect.column("zip").exists()).observed, { column: "absent" });
});

test("range blames rows with their values", () => {
  const result = only(expect.column("age").between(0, 120));
  assert.deepEqual(
    [result.failingRows, result.failingValues],
    [
      [3, 6],
      [-2, 130],
    ],
  );
});

test('inSet: values outside the set, missing ones skipped, 7 and "7" kept apart', () => {
  const result = only(expect.column("city").inSet(["Oslo", "Rome", "Lima"]));
  assert.deepEqual(result, {
    expectation: "inSet",
    column: "city",
    expected: 'values in {"Oslo", "Rome", "Lima"}',
    observed: { outsideSet: 2 },
    passed: false,
    failingRows: [5, 9],
    failingValues: ["Paris", "Bern"],
  });
  assert.equal(only(expect.column("code").inSet(["7", "8"])).passed, true);
  assert.equal(only(expect.column("code").inSet([7, 8])).observed.outsideSet, 9);
});

test("unique: blames the repeats, not the first occurrence", () => {
  assert.deepEqual(only(expect.column("id").unique()), {
    expectation: "unique",
    column: "id",
    expected: "no repeated values",
    observed: { repeats: 1, distinct: 9 },
    passed: false,
    failingRows: [9],
    failingValues: [3],
  });
  assert.equal(only(expect.column("email").unique()).passed, true, "the one missing value is not a repeat");
});

test("matches: a search unless anchored; number columns and missing values", () => {
  const anchored = only(expect.column("email").matches(/^[^@\s]+@[^@\s]+\.[a-z]+$/));
  assert.deepEqual(
    [anchored.observed, anchored.failingRows, anchored.failingValues],
    [{ notMatching: 2 }, [2, 6], ["bad", "e@"]],
  );
  assert.equal(only(expect.column("email").matches("@")).observed.notMatching, 1, "a search, not a full match");
  assert.equal(only({ kind: "matches", column: "email", pattern: "X\\.IO$", flags: "i" }).observed.notMatching, 7);
  assert.deepEqual(only(expect.column("age").matches("1")).observed, { type: "number" });
});

test("mean, std and quantile of the present values", () => {
  // numpy: mean 44.875, std(ddof=1) 37.888699785405294, quantile(0.5) 37, quantile(0.9) 74.7
  assert.deepEqual(only(expect.column("age").meanBetween(40, 50)), {
    expectation: "mean",
    column: "age",
    expected: "mean between 40 and 50",
    observed: { mean: 44.875 },
    passed: true,
  });
  const std = only(expect.column("age").stdBetween(undefined, 30));
  assert.deepEqual([std.expected, std.passed], ["std at most 30", false]);
  assert.ok(Math.abs((std.observed.std as number) - 37.888699785405294) < 1e-12);
  assert.deepEqual(only(expect.column("age").quantileBetween(0.5, 30, 40)).observed, { "quantile 0.5": 37 });
  const p90 = only(expect.column("age").quantileBetween(0.9, 0, 70));
  assert.equal(p90.passed, false);
  assert.ok(Math.abs((p90.observed["quantile 0.9"] as number) - 74.7) < 1e-12);
  assert.deepEqual(only(expect.column("city").meanBetween(0)).observed, { type: "string" });
});

test("a column that is entirely missing fails the statistic checks and says why", () => {
  const empty = createTable([
    { name: "x", type: "number", values: Float64Array.of(nan, nan) },
    { name: "one", type: "number", values: Float64Array.of(4, nan) },
  ]);
  const report = validateTable(empty, [
    expect.column("x").meanBetween(0, 1),
    expect.column("x").quantileBetween(0.5, 0, 1),
    expect.column("x").between(0, 1),
    expect.column("x").notNull(),
    expect.column("one").stdBetween(0, 1),
  ]);
  assert.deepEqual(
    report.results.map((r) => [r.expectation, r.passed, r.observed]),
    [
      ["mean", false, { mean: null, present: 0 }],
      ["quantile", false, { "quantile 0.5": null, present: 0 }],
      ["range", true, { min: null, max: null, outOfRange: 0 }],
      ["notNull", false, { missing: 2, presentFraction: 0 }],
      ["std", false, { std: null, present: 1 }],
    ],
  );
});

test("an unknown column fails each check that names it, and the others still run", () => {
  const report = validateTable(table, [
    expect.column("zip").inSet(["1"]),
    expect.column("zip").unique(),
    expect.column("zip").matches("^\\d+$"),
    expect.column("zip").quantileBetween(0.5, 0, 1),
    expect.rowCount(1),
  ]);
  assert.deepEqual(
    report.results.map((r) => [r.expectation, r.passed, r.observed]),
    [
      ["inSet", false, { column: "absent" }],
      ["unique", false, { column: "absent" }],
      ["matches", false, { column: "absent" }],
      ["quantile", false, { column: "absent" }],
      ["rowCount", true, { rowCount: 10 }],
    ],
  );
});

test("the report shows failing values beside their rows", () => {
  const report = validateTable(table, [expect.column("city").inSet(["Oslo", "Rome", "Lima"])]);
  assert.equal(
    renderReport(report),
    [
      "Validation FAILED: 1 of 1 checks failed",
      '  FAIL  inSet "city": expected values in {"Oslo", "Rome", "Lima"}; observed outsideSet=2; first failing rows: 5 ("Paris"), 9 ("Bern")',
    ].join("\n"),
  );
});
