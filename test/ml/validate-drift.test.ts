/** sameDistribution and noDrift: validation against a reference dataset through src/ml/drift. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { type Column, createTable } from "../../src/ml/table.ts";
import { expect } from "../../src/ml/validate/expect.ts";
import { renderReport } from "../../src/ml/validate/render-report.ts";
import { validateTable } from "../../src/ml/validate/validate-table.ts";
import { readSample } from "./drift-fixtures.ts";

const rows = 500;
const plans = (pattern: string[]) => Array.from({ length: rows }, (_, i) => pattern[i % pattern.length]!);
const column = (name: string, values: Float64Array | string[]): Column =>
  values instanceof Float64Array ? { name, type: "number", values } : { name, type: "string", values };

const reference = createTable([
  column("score", readSample("drift_reference.txt").subarray(0, rows)),
  column("plan", plans(["free", "pro", "team"])),
  column("churned", plans(["no", "no", "no", "yes"])),
]);
const current = createTable([
  column("score", readSample("drift_current_05.txt").subarray(0, rows)),
  column("plan", plans(["free", "pro", "team"])),
  column("churned", plans(["no", "yes"])),
]);

test("sameDistribution runs the column's default drift test", () => {
  const report = validateTable(
    current,
    [expect.column("score").sameDistribution(), expect.column("plan").sameDistribution()],
    { reference },
  );
  const [score, plan] = report.results;
  assert.equal(score!.expected, "no drift from the reference (ks p-value above 0.05)");
  assert.deepEqual([score!.passed, score!.observed.method, score!.observed.statistic], [false, "ks", 0.19]);
  // scipy.stats.ks_2samp on the same 500 + 500 values
  assert.ok(Math.abs((score!.observed.pValue as number) / 2.6432236373503887e-8 - 1) < 1e-9);
  assert.deepEqual(
    [plan!.passed, plan!.expected, plan!.observed],
    [
      true,
      "no drift from the reference (chiSquare p-value at least 0.05)",
      { method: "chiSquare", statistic: 0, pValue: 1 },
    ],
  );
  const psi = validateTable(current, [expect.column("score").sameDistribution({ method: "psi", threshold: 0.5 })], {
    reference,
  });
  assert.equal(psi.results[0]!.expected, "no drift from the reference (psi distance below 0.5)");
  assert.equal(psi.passed, true);
});

test("noDrift fails when at least driftShare of the columns drift", () => {
  const strict = validateTable(current, [expect.noDrift()], { reference });
  assert.deepEqual(strict.results[0], {
    expectation: "noDrift",
    expected: "fewer than 50% of 3 columns drifting from the reference",
    observed: { drifted: 2, share: 2 / 3, driftedColumns: "score, churned" },
    passed: false,
  });
  const lenient = validateTable(current, [expect.noDrift({ columns: ["score", "plan"], driftShare: 0.6 })], {
    reference,
  });
  assert.equal(lenient.passed, true);
  assert.match(renderReport(lenient), /PASS {2}noDrift: expected fewer than 60% of 2 columns .*driftedColumns=score/);
});

test("problems in the checked data fail the check; the other checks still run", () => {
  const broken = createTable([
    column("score", Float64Array.of(Number.NaN, Number.NaN)),
    column("plan", Float64Array.of(1, 2)),
  ]);
  const report = validateTable(
    broken,
    [
      expect.column("score").sameDistribution(),
      expect.column("plan").sameDistribution(),
      expect.column("churned").sameDistribution(),
      expect.noDrift(),
      expect.rowCount(1),
    ],
    { reference },
  );
  assert.deepEqual(
    report.results.map((r) => [r.expectation, r.column, r.passed, r.observed]),
    [
      ["sameDistribution", "score", false, { present: 0 }],
      ["sameDistribution", "plan", false, { type: "number", referenceType: "string" }],
      ["sameDistribution", "churned", false, { column: "absent" }],
      ["noDrift", undefined, false, { drifted: 3, share: 1, driftedColumns: "score, plan, churned" }],
      ["rowCount", undefined, true, { rowCount: 2 }],
    ],
  );
});

test("a missing, empty or unusable reference stops validation with the reason", () => {
  const suite = [expect.rowCount(1), expect.column("score").sameDistribution()];
  assert.throws(() => validateTable(current, suite), {
    message: "expectation 2 (sameDistribution) compares with a reference dataset, and none was given",
    hint: "pass one: validateData's reference input, or validateTable(table, suite, { reference })",
  });
  const empty = createTable([column("score", new Float64Array(0))]);
  assert.throws(() => validateTable(current, suite, { reference: empty }), {
    message: "expectation 2 (sameDistribution) compares with a reference dataset that has no rows",
  });
  const other = createTable([column("age", Float64Array.of(1, 2))]);
  assert.throws(() => validateTable(current, suite, { reference: other }), {
    message: 'the reference dataset has no column "score" to compare with',
    hint: 'its columns are "age"; fix the suite or the reference',
  });
  const blank = createTable([column("score", Float64Array.of(Number.NaN))]);
  assert.throws(() => validateTable(current, suite, { reference: blank }), {
    message: 'column "score" has no values in the reference data: every row is missing',
  });
});
