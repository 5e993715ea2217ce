/**
 * What a window is looked up with in a profiled reference: the window sorted along the
 * reference's rank index, KS against the pre-sorted reference one step per window value (the
 * same D as the merge walk, ties and all), the rank index, and the bin index (the same bin
 * counts as a search over the edges).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildBinIndex, countByBinIndex } from "../../src/ml/drift/bin-index.ts";
import { ksStatisticAgainst } from "../../src/ml/drift/ks-against-reference.ts";
import { ksStatistic } from "../../src/ml/drift/ks-statistic.ts";
import { countByInnerEdges, referenceQuantileEdges } from "../../src/ml/drift/quantile-bins.ts";
import { buildRankIndex, rankOf } from "../../src/ml/drift/rank-index.ts";
import { sortAlongReference } from "../../src/ml/drift/sort-along-reference.ts";
import { upperBound } from "../../src/ml/profile/upper-bound.ts";
import { seededRandom } from "../../src/ml/random.ts";
import { readSample } from "./drift-fixtures.ts";

const sorted = (values: Float64Array) => values.slice().sort();

function againstReference(reference: Float64Array, window: Float64Array): number {
  const ascending = sorted(reference);
  const index = buildRankIndex(ascending);
  const along = sortAlongReference(index, window);
  assert.deepEqual(along, sorted(window), "sorted along the reference as by a comparison sort");
  return ksStatisticAgainst(ascending, index, along);
}

test("the fixtures' D, to the last bit", () => {
  const reference = readSample("drift_reference.txt");
  for (const file of ["drift_current_01.txt", "drift_current_05.txt"]) {
    const current = readSample(file);
    assert.equal(againstReference(reference, current), ksStatistic(sorted(reference), sorted(current)).statistic);
  }
});

test("samples full of ties, values outside the reference's range, infinities and windows of any size", () => {
  const random = seededRandom(7);
  for (let trial = 0; trial < 300; trial++) {
    const n1 = 1 + Math.floor(random() * 60);
    const n2 = 1 + Math.floor(random() * 60);
    // Few distinct values make ties within and across the samples; a shift moves some outside.
    const levels = 1 + Math.floor(random() * 12);
    const shift = Math.floor(random() * 5) - 2;
    const draw = (n: number, offset: number) =>
      Float64Array.from({ length: n }, () => {
        const u = random();
        if (u < 0.02) return u < 0.01 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
        return Math.floor(random() * levels) + offset + (trial % 3 === 0 ? random() : 0);
      });
    const reference = draw(n1, 0);
    const window = draw(n2, shift);
    const expected = ksStatistic(sorted(reference), sorted(window)).statistic;
    assert.equal(againstReference(reference, window), expected, `trial ${trial}`);
  }
});

test("the rank index finds what a binary search finds, also for a constant or unbounded reference", () => {
  const random = seededRandom(3);
  const cases = [
    Float64Array.from({ length: 500 }, () => random() ** 6 * 1000),
    Float64Array.from({ length: 50 }, () => 4),
    Float64Array.of(-Infinity, 0, 1, 2, Infinity),
    Float64Array.of(-0, 0, 0, 1e-300, 5e-324),
  ];
  for (const values of cases) {
    const ascending = sorted(values);
    const index = buildRankIndex(ascending);
    const probes = [...ascending, -Infinity, Infinity, -1, 0, 4, 999, 1e308, ...Array.from({ length: 200 }, () => random() * 1200 - 100)];
    for (const x of probes) assert.equal(rankOf(index, ascending, x), upperBound(ascending, x), `x = ${x}`);
  }
});

test("the bin index counts a window into the reference's deciles as a search over the edges does", () => {
  const random = seededRandom(5);
  const references = [
    readSample("drift_reference.txt"),
    Float64Array.from({ length: 300 }, () => Math.floor(random() * 4)),
    Float64Array.from({ length: 40 }, () => 2),
    Float64Array.from({ length: 200 }, () => random() ** 8 * 1e6),
    Float64Array.of(-Infinity, ...Array.from({ length: 30 }, () => random()), Infinity),
  ];
  for (const [r, values] of references.entries()) {
    const ascending = sorted(values);
    const index = buildRankIndex(ascending);
    const edges = referenceQuantileEdges(ascending, 10);
    const bins = buildBinIndex(index, edges);
    // The edges themselves, the reference's values, and values around and beyond them.
    const window = Float64Array.from([
      ...edges,
      ...values,
      ...Array.from({ length: 500 }, () => (random() - 0.2) * 2 * ascending[Math.floor(random() * ascending.length)]!),
      -Infinity,
      Infinity,
    ]);
    assert.deepEqual(countByBinIndex(bins, index, edges, window), countByInnerEdges(edges, window), `reference ${r}`);
  }
});
