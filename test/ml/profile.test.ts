/** Dataset profiles, checked against numpy (values hardcoded) and for JSON safety. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { profileColumn } from "../../src/ml/profile/profile-column.ts";
import { profileTable } from "../../src/ml/profile/profile-table.ts";
import { createTable } from "../../src/ml/table.ts";
import { readSample } from "./drift-fixtures.ts";

const nan = Number.NaN;

function assertAllClose(actual: readonly number[], expected: readonly number[], what: string): void {
  assert.equal(actual.length, expected.length, what);
  actual.forEach((value, i) => {
    const error = Math.abs(value - expected[i]!) / Math.max(Math.abs(expected[i]!), 1e-300);
    assert.ok(error <= 1e-12, `${what}[${i}]: ${value} vs numpy ${expected[i]}`);
  });
}

const table = createTable([
  { name: "age", type: "number", values: Float64Array.of(34, nan, 51, -2, 40, nan, 130, 28, 33, 45) },
  {
    name: "city",
    type: "string",
    values: ["Oslo", "Rome", null, "Lima", "Oslo", "Rome", "Lima", "Oslo", "Bern", "Rome"],
  },
  { name: "blank", type: "number", values: Float64Array.of(nan, nan, nan, nan, nan, nan, nan, nan, nan, nan) },
]);

test("a number column: counts, moments, numpy's quantiles and histogram", () => {
  const { columns, rowCount } = profileTable(table);
  const age = columns[0]!;
  assert.equal(rowCount, 10);
  assert.deepEqual([age.name, age.type, age.count, age.missing, age.distinct], ["age", "number", 8, 2, 8]);
  const numeric = age.numeric!;
  assert.deepEqual([numeric.min, numeric.max, numeric.mean], [-2, 130, 44.875]);
  assertAllClose([numeric.std!], [37.888699785405294], "std (ddof 1)");
  const { p5, p25, p50, p75, p95 } = numeric.quantiles;
  assertAllClose([p5, p25, p50, p75, p95], [8.500000000000002, 31.75, 37, 46.5, 102.34999999999997], "quantiles");
  // Sturges asks for 4 bins for 8 values; profiles keep at least 10.
  assert.deepEqual(numeric.histogram.counts, [1, 0, 3, 2, 1, 0, 0, 0, 0, 1]);
  assertAllClose(
    numeric.histogram.edges,
    [-2, 11.2, 24.4, 37.599999999999994, 50.8, 64, 77.19999999999999, 90.39999999999999, 103.6, 116.8, 130],
    "edges",
  );
  assert.deepEqual(age.topValues.slice(0, 3), [
    { value: -2, count: 1 },
    { value: 28, count: 1 },
    { value: 33, count: 1 },
  ]);
});

test("a string column: top values by count, ties in value order; no numeric summary", () => {
  const city = profileTable(table).columns[1]!;
  assert.deepEqual(city, {
    name: "city",
    type: "string",
    count: 9,
    missing: 1,
    distinct: 4,
    infinite: 0,
    topValues: [
      { value: "Oslo", count: 3 },
      { value: "Rome", count: 3 },
      { value: "Lima", count: 2 },
      { value: "Bern", count: 1 },
    ],
    numeric: null,
  });
});

test("a column with every value missing, and one with a single value", () => {
  assert.deepEqual(profileTable(table).columns[2], {
    name: "blank",
    type: "number",
    count: 0,
    missing: 10,
    distinct: 0,
    topValues: [],
    infinite: 0,
    numeric: null,
  });
  const single = profileColumn({ name: "x", type: "number", values: Float64Array.of(7, nan) }).numeric!;
  assert.equal(single.std, null, "a sample standard deviation needs two values");
  assert.deepEqual(single.histogram.edges.at(0), 6.5, "numpy widens a single value to a unit range");
  assert.deepEqual(single.histogram.edges.at(-1), 7.5);
  assert.equal(
    single.histogram.counts.reduce((a, b) => a + b),
    1,
  );
});

test("10,000 values: 15 Sturges bins as numpy.histogram counts them", () => {
  const values = readSample("drift_reference.txt");
  const numeric = profileColumn({ name: "x", type: "number", values }).numeric!;
  assert.deepEqual(numeric.histogram.counts, [3, 18, 67, 181, 445, 984, 1561, 1872, 1811, 1505, 907, 430, 165, 41, 10]);
  assertAllClose(
    [numeric.histogram.edges[7]!, numeric.histogram.edges[8]!],
    [-0.4548342116590347, 0.037249719540294546],
    "edges",
  );
  const { p5, p25, p50, p75, p95 } = numeric.quantiles;
  assertAllClose(
    [p5, p25, p50, p75, p95, numeric.std!, numeric.mean],
    [
      -1.6277220885119106, -0.6659717315492166, -0.009276787379955069, 0.690801697712188, 1.6395455223266358,
      0.9981267701716073, 0.006311887047966112,
    ],
    "quantiles, std, mean",
  );
});

test("a profile is plain JSON", () => {
  const profile = profileTable(table);
  assert.deepEqual(JSON.parse(JSON.stringify(profile)), profile);
});

test("±Infinity: named in top values, counted, and left out of the numeric summary", () => {
  const inf = Number.POSITIVE_INFINITY;
  const onlyInfinite = profileColumn({ name: "x", type: "number", values: Float64Array.of(inf, -inf, inf, nan) });
  assert.deepEqual(JSON.parse(JSON.stringify(onlyInfinite)), {
    name: "x",
    type: "number",
    count: 3,
    missing: 1,
    distinct: 2,
    topValues: [
      { value: "Infinity", count: 2 },
      { value: "-Infinity", count: 1 },
    ],
    infinite: 3,
    numeric: null,
  });
  const mixed = profileColumn({ name: "y", type: "number", values: Float64Array.of(-inf, 1, 3, inf) });
  assert.deepEqual([mixed.infinite, mixed.numeric?.min, mixed.numeric?.max, mixed.numeric?.mean], [2, 1, 3, 2]);
});
