/**
 * The KS p-value machinery against scipy 1.10 on every branch it has, beyond the two cases
 * values.json covers. Expected numbers were computed once with scipy and are hardcoded.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { kolmogorovSf } from "../../src/ml/drift/kolmogorov.ts";
import { kolmogorovNSf } from "../../src/ml/drift/kolmogorov-n.ts";
import { ksTest } from "../../src/ml/drift/ks-test.ts";
import { smirnovSf } from "../../src/ml/drift/smirnov.ts";

function assertClose(actual: number, expected: number, what: string, tolerance = 1e-9): void {
  const error = expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(error <= tolerance, `${what}: got ${actual}, scipy ${expected} (relative error ${error})`);
}

test("kstwo.sf on each of scipy's branches", () => {
  const cases: [n: number, x: number, sf: number, branch: string][] = [
    [10, 0.04, 1, "nx <= 1/2"],
    [10, 0.08, 0.9999978058034054, "Ruben-Gambino, small n"],
    [200, 0.004, 1, "Ruben-Gambino, large n"],
    [10, 0.95, 1.9531250000000172e-13, "x >= 1 - 1/n"],
    [10, 0.6, 0.0005681672000000003, "x >= 1/2: 2 * Smirnov"],
    [100, 0.08, 0.5182193645480672, "n <= 140: Durbin matrix"],
    [3, 0.4, 0.5946666666666665, "n <= 140: Durbin matrix, tiny n"],
    [100, 0.15, 0.019839242125641813, "n <= 140: Pomeranz"],
    [50, 0.25, 0.0030657620198693003, "n <= 140: Pomeranz"],
    [20, 0.4, 0.0021189221820357984, "n <= 140: Pomeranz"],
    [100, 0.25, 5.408871776434847e-6, "n <= 140: 2 * Smirnov"],
    [5000, 0.3, 0, "n x^2 >= 370"],
    [5000, 0.0393, 3.8019425224742355e-7, "n x^2 >= 2.2: 2 * Smirnov"],
    [1000, 0.012, 0.9984464668620097, "large n: Durbin matrix"],
    [1000, 0.03, 0.3226902143914636, "large n: Pelz-Good"],
    [200000, 0.002, 0.39995085369038097, "n > 100000: Pelz-Good"],
    [480, 0.05, 0.17532877709085792, "large n: Pelz-Good"],
  ];
  for (const [n, x, sf, branch] of cases) assertClose(kolmogorovNSf(n, x), sf, `kstwo.sf(${x}, ${n}), ${branch}`);
});

test("smirnov (one-sided) on its lower sum, upper sum, closed forms and asymptotic form", () => {
  const cases: [n: number, x: number, sf: number][] = [
    [1, 0.3, 0.7],
    [10, 0.05, 0.9224335892010742],
    [10, 0.3, 0.1354635556],
    [1000, 0.0025, 0.9859376810107789],
    [1000, 0.05, 0.006506037390545166],
    [5000, 0.0393, 1.9009712612371177e-7],
    [2000000, 0.001, 0.018303432023617325],
    [50, 0.97, 7.178979876918844e-77],
    [100, 0.5, 6.065717185908929e-24],
  ];
  for (const [n, x, sf] of cases) assertClose(smirnovSf(n, x), sf, `smirnov(${n}, ${x})`);
});

test("kstwobign.sf on both of its series", () => {
  const cases: [x: number, sf: number][] = [
    [0.03, 1],
    [0.3, 0.9999906941986655],
    [0.6, 0.8642827790506042],
    [0.82, 0.5119717052984973],
    [1, 0.26999967167735456],
    [1.36, 0.049485876755377876],
    [3, 3.045995948942526e-8],
  ];
  for (const [x, sf] of cases) assertClose(kolmogorovSf(x), sf, `kstwobign.sf(${x})`);
});

/** Deterministic samples whose doubles Python computes identically: ((i * step) % 1000) / 100 + offset. */
function lattice(n: number, step: number, offset = 0): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => ((i * step) % 1000) / 100 + offset);
}

test("ks_2samp on unequal sizes: exact lattice paths, and asymp above 10,000 values", () => {
  const cases = [
    {
      n1: 60,
      n2: 45,
      statistic: 0.07777777777777778,
      location: 8.69,
      auto: "exact",
      exact: 0.9947912666476942,
      asymp: 0.9938840770122279,
    },
    {
      n1: 300,
      n2: 200,
      statistic: 0.056666666666666664,
      location: 0.49,
      auto: "exact",
      exact: 0.821203623563264,
      asymp: 0.8145870265335413,
    },
    {
      n1: 1000,
      n2: 37,
      statistic: 0.05,
      location: 0.49,
      auto: "exact",
      exact: 0.9999459527853328,
      asymp: 0.9999456852393435,
    },
    {
      n1: 12000,
      n2: 500,
      statistic: 0.051000000000000045,
      location: 6.76,
      auto: "asymp",
      exact: 0.15948284077262118,
      asymp: 0.15903741009658023,
    },
    {
      n1: 25,
      n2: 25,
      statistic: 0.08,
      location: 5.14,
      auto: "exact",
      exact: 0.999999734559995,
      asymp: 0.9999802477788384,
    },
  ];
  for (const c of cases) {
    const reference = lattice(c.n1, 7919);
    const current = lattice(c.n2, 104729, 0.5);
    const auto = ksTest(reference, current);
    const what = `${c.n1} vs ${c.n2}`;
    assertClose(auto.statistic, c.statistic, `${what} statistic`);
    assert.equal(auto.location, c.location, `${what} location`);
    assert.equal(auto.sign, 1);
    assert.equal(auto.method, c.auto, `${what} auto method`);
    assertClose(ksTest(reference, current, "exact").pValue, c.exact, `${what} exact p`);
    assertClose(ksTest(reference, current, "asymp").pValue, c.asymp, `${what} asymp p`);
  }
});

test("ks_2samp with ties reports scipy's location and sign", () => {
  const fours = Float64Array.from({ length: 40 }, (_, i) => i % 4);
  const fives = Float64Array.from({ length: 30 }, (_, i) => i % 5);
  const up = ksTest(fours, fives);
  assert.deepEqual([up.statistic, up.location, up.sign], [0.2, 3, 1]);
  assertClose(up.pValue, 0.4508544239231963, "ties, reference above");

  const shifted = Float64Array.from({ length: 30 }, (_, i) => (i % 5) + 1);
  const down = ksTest(shifted, fours);
  assert.deepEqual([down.statistic, down.location, down.sign], [0.4, 3, -1]);
  assertClose(down.pValue, 0.006049644184712265, "ties, reference below");
});

test("ks_2samp refuses an empty sample", () => {
  assert.throws(() => ksTest(new Float64Array(0), Float64Array.of(1, 2)), /the reference sample has no values/);
  assert.throws(() => ksTest(Float64Array.of(1), new Float64Array(0)), /the current sample has no values/);
});
