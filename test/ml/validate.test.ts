import assert from "node:assert/strict";
import { test } from "node:test";
import { createTable } from "../../src/ml/table.ts";
import { renderReport } from "../../src/ml/validate/render-report.ts";
import { validateTable } from "../../src/ml/validate/validate-table.ts";

const nan = Number.NaN;
const table = createTable([
  {
    name: "age",
    type: "number",
    values: Float64Array.of(34, nan, 51, -2, 40, nan, 130, 28, 33, 45),
  },
  {
    name: "city",
    type: "string",
    values: ["Oslo", "Rome", null, "Lima", "Oslo", "Rome", "Lima", "Oslo", "Rome", "Lima"],
  },
]);

test("schema: one result per expected column", () => {
  const report = validateTable(table, [
    { kind: "schema", columns: { age: "number", city: "number", zip: "string" } },
  ]);
  assert.equal(report.passed, false);
  assert.deepEqual(report.results, [
    {
      expectation: "schema",
      column: "age",
      expected: "a number column",
      observed: { type: "number" },
      passed: true,
    },
    {
      expectation: "schema",
      column: "city",
      expected: "a number column",
      observed: { type: "string" },
      passed: false,
    },
    {
      expectation: "schema",
      column: "zip",
      expected: "a string column",
      observed: { column: "absent" },
      passed: false,
    },
  ]);
});

test("notNull: fails on any missing value unless `mostly` allows it", () => {
  const report = validateTable(table, [
    { kind: "notNull", column: "age" },
    { kind: "notNull", column: "age", mostly: 0.8 },
    { kind: "notNull", column: "city", mostly: 0.95 },
  ]);
  assert.deepEqual(report.results, [
    {
      expectation: "notNull",
      column: "age",
      expected: "no missing values",
      observed: { missing: 2, presentFraction: 0.8 },
      passed: false,
      failingRows: [1, 5],
    },
    {
      expectation: "notNull",
      column: "age",
      expected: "at least 80% of values present",
      observed: { missing: 2, presentFraction: 0.8 },
      passed: true,
      failingRows: [1, 5],
    },
    {
      expectation: "notNull",
      column: "city",
      expected: "at least 95% of values present",
      observed: { missing: 1, presentFraction: 0.9 },
      passed: false,
      failingRows: [2],
    },
  ]);
  assert.throws(() => validateTable(table, [{ kind: "notNull", column: "age", mostly: 1.5 }]), {
    message: 'expectation 1 (notNull "age"): "mostly" is 1.5; give a fraction between 0 and 1',
  });
});

test("range: blames out-of-range rows, ignores missing ones, shows the first five", () => {
  const wide = createTable([
    { name: "v", type: "number", values: Float64Array.from({ length: 20 }, (_, i) => i) },
  ]);
  const [tooBig] = validateTable(wide, [{ kind: "range", column: "v", max: 12 }]).results;
  assert.deepEqual(tooBig?.failingRows, [13, 14, 15, 16, 17]);
  assert.deepEqual(tooBig?.observed, { min: 0, max: 19, outOfRange: 7 });

  const report = validateTable(table, [
    { kind: "range", column: "age", min: 0, max: 120 },
    { kind: "range", column: "age", min: -5 },
    { kind: "range", column: "city", min: 0 },
  ]);
  assert.deepEqual(
    report.results.map((r) => [r.expected, r.passed, r.failingRows]),
    [
      ["values between 0 and 120", false, [3, 6]],
      ["values at least -5", true, undefined],
      ["values at least 0", false, undefined],
    ],
  );
  assert.deepEqual(report.results[2]?.observed, { type: "string" });
  assert.throws(() => validateTable(table, [{ kind: "range", column: "age" }]), {
    message: 'expectation 1 (range "age"): sets neither "min" nor "max"; set one or both',
  });
  assert.throws(() => validateTable(table, [{ kind: "range", column: "age", min: 3, max: 1 }]), {
    message: 'expectation 1 (range "age"): "min" 3 is above "max" 1; swap or fix the bounds',
  });
});

test("rowCount and a passing report", () => {
  const report = validateTable(table, [
    { kind: "rowCount", min: 5, max: 100 },
    { kind: "schema", columns: { city: "string" } },
  ]);
  assert.equal(report.passed, true);
  assert.deepEqual(report.results[0], {
    expectation: "rowCount",
    expected: "between 5 and 100 rows",
    observed: { rowCount: 10 },
    passed: true,
  });
  assert.equal(validateTable(table, [{ kind: "rowCount", min: 11 }]).passed, false);
});

test("a column that is absent fails its checks instead of throwing", () => {
  const report = validateTable(table, [
    { kind: "notNull", column: "zip" },
    { kind: "range", column: "zip", max: 1 },
  ]);
  assert.deepEqual(
    report.results.map((r) => [r.passed, r.observed]),
    [
      [false, { column: "absent" }],
      [false, { column: "absent" }],
    ],
  );
});

test("renderReport: a heading, then one line per check", () => {
  const report = validateTable(table, [
    { kind: "rowCount", min: 1 },
    { kind: "notNull", column: "age", mostly: 0.9 },
  ]);
  assert.equal(
    renderReport(report),
    [
      "Validation FAILED: 1 of 2 checks failed",
      "  PASS  rowCount: expected at least 1 rows; observed rowCount=10",
      '  FAIL  notNull "age": expected at least 90% of values present; observed missing=2, presentFraction=0.8; first failing rows: 1, 5',
    ].join("\n"),
  );
});
