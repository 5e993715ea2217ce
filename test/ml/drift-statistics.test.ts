/** Chi-square, Z-test, PSI, Jensen-Shannon and Wasserstein against scipy 1.10 (hardcoded values). */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  categoricalChiSquare,
  chiSquareTest,
  jensenShannonDistance,
  normedWassersteinDistance,
  populationStabilityIndex,
  proportionsZTest,
  quantileBinnedPsi,
  wassersteinDistance,
} from "../../src/ml/drift/index.ts";
import { regularizedUpperGamma } from "../../src/ml/drift/gamma.ts";
import { normalSf } from "../../src/ml/drift/normal-tail.ts";

function assertClose(actual: number, expected: number, what: string, tolerance = 1e-9): void {
  const error = expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(error <= tolerance, `${what}: got ${actual}, scipy ${expected} (relative error ${error})`);
}

/** `count` copies of each value, in order. */
function repeat(counts: Record<string, number>): string[] {
  return Object.entries(counts).flatMap(([value, count]) => Array<string>(count).fill(value));
}

test("chi-square upper tail = scipy.stats.chi2.sf, from 1 to 9,000 degrees of freedom", () => {
  const cases: [x: number, df: number, sf: number][] = [
    [0.5, 1, 0.47950012218695337],
    [3.84, 1, 0.05004352124870519],
    [10, 3, 0.01856613546304325],
    [50, 2, 1.3887943864964e-11],
    [400, 100, 1.6927979958857254e-37],
    [10000, 9000, 3.031801838549065e-13],
    [2, 30, 0.9999999999997],
  ];
  for (const [x, df, sf] of cases) assertClose(regularizedUpperGamma(df / 2, x / 2), sf, `chi2.sf(${x}, ${df})`);
});

test("normal tail = scipy.stats.norm.sf, far into the tail", () => {
  const cases: [z: number, sf: number][] = [
    [0, 0.5],
    [0.5, 0.3085375387259869],
    [1.96, 0.024997895148220435],
    [5, 2.866515718791933e-7],
    [10, 7.61985302416047e-24],
    [30, 4.906713927147908e-198],
    [-1, 0.8413447460685429],
  ];
  for (const [z, sf] of cases) assertClose(normalSf(z), sf, `norm.sf(${z})`);
});

test("chiSquareTest = scipy.stats.chisquare", () => {
  const result = chiSquareTest([30, 50, 20], [25, 55, 20]);
  assertClose(result.statistic, 1.4545454545454546, "statistic");
  assertClose(result.pValue, 0.4832250811898253, "p-value");
  assert.equal(result.degreesOfFreedom, 2);
});

test("categoricalChiSquare: expected counts are the reference's proportions at the current size", () => {
  const reference = repeat({ a: 50, b: 30, c: 20 });
  const same = categoricalChiSquare(reference, repeat({ a: 40, b: 45, c: 15 }));
  assertClose(same.statistic, 10.75, "equal sizes");
  assertClose(same.pValue, 0.004630918733533247, "equal sizes");
  // Half the size: expected 25, 15, 10 (scipy.stats.chisquare([20, 25, 5], [25, 15, 10])).
  const half = categoricalChiSquare(reference, repeat({ b: 25, a: 20, c: 5 }));
  assertClose(half.statistic, 10.166666666666668, "half size");
  assertClose(half.pValue, 0.006199210502576989, "half size");

  const unseen = categoricalChiSquare(reference, repeat({ a: 50, b: 30, c: 10, d: 10 }));
  assert.deepEqual([unseen.statistic, unseen.pValue], [Number.POSITIVE_INFINITY, 0], "a new category is drift");
  assert.equal(categoricalChiSquare(["x", "x"], ["x"]).pValue, 1, "one category: nothing to test");
});

test("proportionsZTest: Evidently's pooled two-proportion z, two-sided p from the exact tail", () => {
  const small = proportionsZTest(repeat({ yes: 120, no: 80 }), repeat({ yes: 70, no: 80 }));
  assertClose(small.statistic, 2.47797313891676, "z");
  assertClose(small.pValue, 0.013213109218729752, "p");
  const large = proportionsZTest(repeat({ yes: 500, no: 500 }), repeat({ no: 580, yes: 420 }));
  assertClose(large.statistic, 3.5892126803877704, "z");
  assertClose(large.pValue, 0.00033167816785769396, "p");
  assert.deepEqual(proportionsZTest(["a", "a"], ["a"]), { statistic: 0, pValue: 1 });
  assert.throws(() => proportionsZTest(["a", "b"], ["c"]), { message: /the samples hold 3/, hint: /use "chiSquare"/ });
});

test("PSI floors empty proportions at 1e-6", () => {
  assertClose(populationStabilityIndex([50, 30, 20], [40, 45, 15]), 0.0975182249702347, "categories");
  assertClose(populationStabilityIndex([10, 0, 5], [3, 4, 8]), 3.9875101322417206, "an empty reference bin");
  const itself = Float64Array.of(3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5);
  assert.equal(quantileBinnedPsi(itself, itself).psi, 0);
});

test("Jensen-Shannon distance = scipy.spatial.distance.jensenshannon, empty bins included", () => {
  assertClose(jensenShannonDistance([3, 0, 5, 2], [1, 4, 0, 5]), 0.6093322538905548, "base e");
  assertClose(jensenShannonDistance([3, 0, 5, 2], [1, 4, 0, 5], 2), 0.7318826245442998, "base 2");
  assertClose(jensenShannonDistance([50, 30, 20, 0], [20, 10, 10, 10]), 0.2777266970005704, "unseen category");
  assert.equal(jensenShannonDistance([1, 2], [2, 4]), 0, "same proportions");
});

test("Wasserstein distance = scipy.stats.wasserstein_distance, and normed by np.std(reference)", () => {
  const u = Float64Array.from({ length: 50 }, (_, i) => ((i * 37) % 101) / 10);
  const v = Float64Array.from({ length: 70 }, (_, i) => ((i * 53) % 97) / 10 + 0.3);
  assertClose(wassersteinDistance(u, v), 0.17028571428571418, "raw");
  assertClose(normedWassersteinDistance(u, v), 0.17028571428571418 / 2.9617217965230966, "normed");
  assert.equal(wassersteinDistance(Float64Array.of(1, 2), Float64Array.of(2, 1)), 0);
  // A constant reference divides by 0.001, as Evidently does, rather than by 0.
  assertClose(normedWassersteinDistance(Float64Array.of(5, 5), Float64Array.of(5, 6)), 500, "constant reference");
  assert.throws(() => wassersteinDistance(new Float64Array(0), u), /the reference sample has no values/);
});
