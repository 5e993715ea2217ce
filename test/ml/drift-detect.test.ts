/** detectDrift over tables: Evidently's per-column defaults, the dataset verdict, and bad input. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { detectDrift } from "../../src/ml/drift/index.ts";
import { type Column, createTable } from "../../src/ml/table.ts";
import { readSample } from "./drift-fixtures.ts";

const reference = readSample("drift_reference.txt");
const shifted = readSample("drift_current_05.txt");
const nearlySame = readSample("drift_current_01.txt");

function numbers(name: string, values: ArrayLike<number>): Column {
  return { name, type: "number", values: Float64Array.from(values) };
}

function strings(name: string, values: readonly (string | null)[]): Column {
  return { name, type: "string", values };
}

/** n values cycling through `pattern`. */
function cycle<T>(n: number, pattern: readonly T[]): T[] {
  return Array.from({ length: n }, (_, i) => pattern[i % pattern.length]!);
}

test("up to 1,000 reference rows: KS for numbers, chi-square for categories, the Z-test for two values", () => {
  const before = createTable([
    numbers("score", reference.subarray(0, 500)),
    strings("plan", cycle(500, ["free", "pro", "team"])),
    strings("churned", cycle(500, ["no", "no", "no", "yes"])),
    numbers("rating", cycle(500, [1, 2, 3])),
    numbers("flag", cycle(500, [0, 1])),
  ]);
  const after = createTable([
    numbers("score", shifted.subarray(0, 500)),
    strings("plan", cycle(500, ["free", "pro", "team"])),
    strings("churned", cycle(500, ["no", "yes"])),
    numbers("rating", cycle(500, [1, 2, 3])),
    numbers("flag", cycle(500, [0, 1])),
  ]);
  const result = detectDrift(before, after);
  assert.deepEqual(
    result.columns.map((c) => [c.column, c.kind, c.method, c.drifted]),
    [
      ["score", "numeric", "ks", true],
      ["plan", "categorical", "chiSquare", false],
      ["churned", "categorical", "zTest", true],
      ["rating", "categorical", "chiSquare", false],
      ["flag", "categorical", "zTest", false],
    ],
  );
  const score = result.columns[0]!;
  assert.equal(score.statistic, 0.19);
  assert.ok(Math.abs(score.pValue! / 2.6432236373503887e-8 - 1) < 1e-9, "scipy's ks_2samp p-value");
  assert.equal(score.threshold, 0.05);
  assert.deepEqual([result.driftedColumns, result.share, result.driftShare, result.drifted], [2, 0.4, 0.5, false]);
});

test("above 1,000 reference rows: normed Wasserstein for numbers, Jensen-Shannon for categories", () => {
  const before = createTable([
    numbers("a", reference),
    numbers("b", reference),
    strings("c", cycle(10000, ["x", "y"])),
    numbers("d", cycle(10000, [1, 2, 3, 4])),
  ]);
  const after = createTable([
    numbers("a", shifted),
    numbers("b", nearlySame),
    strings("c", cycle(10000, ["x", "y", "y", "y"])),
    numbers("d", cycle(10000, [1, 2, 3, 4])),
  ]);
  const result = detectDrift(before, after);
  assert.deepEqual(
    result.columns.map((c) => [c.column, c.method, c.pValue, c.drifted]),
    [
      ["a", "wasserstein", null, true],
      ["b", "wasserstein", null, false],
      ["c", "jensenShannon", null, true],
      ["d", "jensenShannon", null, false],
    ],
  );
  // scipy: wasserstein_distance(ref, cur) / np.std(ref)
  assert.ok(Math.abs(result.columns[0]!.statistic / 0.5075359522132395 - 1) < 1e-9);
  assert.ok(Math.abs(result.columns[1]!.statistic / 0.08295338990861408 - 1) < 1e-9);
  // At least half the columns drifted: the dataset has.
  assert.deepEqual([result.driftedColumns, result.share, result.drifted], [2, 0.5, true]);
});

test("options: a subset of columns, one method and threshold for all, a stricter drift share", () => {
  const before = createTable([numbers("a", reference.subarray(0, 500)), numbers("b", reference.subarray(500, 1000))]);
  const after = createTable([numbers("a", nearlySame.subarray(0, 400)), numbers("b", shifted.subarray(0, 400))]);
  const only = detectDrift(before, after, { columns: ["a"] });
  assert.deepEqual(
    only.columns.map((c) => [c.column, c.statistic, c.drifted]),
    [["a", 0.066, false]],
  );
  assert.ok(Math.abs(only.columns[0]!.pValue! / 0.27583628179235653 - 1) < 1e-9);

  const psi = detectDrift(before, after, { method: "psi", threshold: 0.2, driftShare: 1 });
  assert.deepEqual(
    psi.columns.map((c) => [c.method, c.threshold, c.drifted]),
    [
      ["psi", 0.2, false],
      ["psi", 0.2, true],
    ],
  );
  assert.equal(psi.drifted, false, "one of two columns is below a drift share of 1");
});

test("missing values are left out on both sides", () => {
  const nan = Number.NaN;
  const before = createTable([numbers("x", [1, nan, 2, 3, 4, 5, 6, nan])]);
  const after = createTable([numbers("x", [nan, 1, 2, 3, 4, 5, 6, 7])]);
  const [x] = detectDrift(before, after).columns;
  assert.deepEqual([x!.referenceSize, x!.currentSize, x!.method], [6, 7, "ks"]);
});

test("bad input is refused with what is wrong and where", () => {
  const ages = [30, 40, 50, 60, 70, 80];
  const before = createTable([numbers("age", ages), strings("city", cycle(6, ["Oslo", "Rome", "Lima"]))]);
  const empty = createTable([numbers("age", []), strings("city", [])]);
  assert.throws(() => detectDrift(empty, before), {
    message: "the reference data has no rows",
    hint: /give one with rows/,
  });
  assert.throws(() => detectDrift(before, empty), { message: "the current data has no rows" });
  assert.throws(() => detectDrift(before, before, { columns: ["zip"] }), {
    message: 'the reference data has no column named "zip"',
    hint: 'its columns are "age", "city"',
  });
  const noCity = createTable([numbers("age", [31, 41])]);
  assert.throws(() => detectDrift(before, noCity), { message: 'the current data has no column named "city"' });

  const allMissing = createTable([numbers("age", [Number.NaN, Number.NaN]), strings("city", [null, null])]);
  assert.throws(() => detectDrift(before, allMissing), {
    message: 'column "age" has no values in the current data: every row is missing',
  });
  assert.throws(() => detectDrift(allMissing, before, { columns: ["city"] }), {
    message: 'column "city" has no values in the reference data: every row is missing',
  });

  const textAge = createTable([strings("age", ["30"]), strings("city", ["Oslo"])]);
  assert.throws(() => detectDrift(before, textAge), {
    message: 'column "age" holds numbers in the reference but strings in the current data',
  });
  assert.throws(() => detectDrift(before, before, { method: "ks" }), {
    message: 'the ks drift method needs numbers, and column "city" holds strings',
  });
  assert.throws(() => detectDrift(before, before, { columns: ["age"], method: "chiSquare" }), {
    message:
      'the chiSquare drift method compares categories, and column "age" is numeric (more than 5 distinct values)',
  });
  assert.throws(
    () => detectDrift(before, before, { threshold: 0.01 }),
    /a drift threshold of 0.01 was given without a method/,
  );
  assert.throws(() => detectDrift(before, before, { method: "kl" as never }), {
    message: 'unknown drift method "kl"; the methods are ks, chiSquare, zTest, psi, jensenShannon, wasserstein',
  });
  assert.throws(() => detectDrift(before, before, { driftShare: 0 }), /driftShare is 0/);
});
