import { clipProbability, ldexp, scaleDown, scaleExponent, scaleUp } from "./scaled-float.ts";

/**
 * P(D_n <= d) for the two-sided one-sample KS statistic by Durbin's matrix method as
 * Marsaglia, Tsang and Wang (2003) evaluate it: with d = (k - h)/n, the k-th diagonal entry
 * of H^n times n!/n^n, H an m x m matrix (m = 2k - 1). Exact; cost O(m^3 log n), so scipy
 * uses it only where m is small. Ported from scipy.stats._ksstats._kolmogn_DMTW.
 */
export function durbinMatrixCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;

  // v[j] = (1 - h^(j+1)) / (j+1)!, w[j] = 1/j!; the last entry of v is corrected below.
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let factorial = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = factorial;
    factorial /= j;
    v[j - 1] = (1 - h ** j) * factorial;
  }
  v[m - 1] = (1 + Math.max(2 * h - 1, 0) ** m - 2 * h ** m) * factorial;

  let power: Float64Array = new Float64Array(m * m);
  for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) power[r * m + i] = w[r - i + 1]!;
  for (let r = 0; r < m; r++) power[r * m] = v[r]!;
  for (let c = 0; c < m; c++) power[(m - 1) * m + c] = v[m - 1 - c]!;

  let result: Float64Array = identity(m);
  let resultExponent = 0;
  let powerExponent = 0;
  for (let remaining = n; remaining > 0; remaining = Math.floor(remaining / 2)) {
    if (remaining % 2 === 1) {
      result = multiply(result, power, m);
      resultExponent += powerExponent;
    }
    power = multiply(power, power, m);
    powerExponent *= 2;
    if (Math.abs(power[(k - 1) * m + (k - 1)]!) > scaleUp) {
      for (let i = 0; i < power.length; i++) power[i]! /= scaleUp;
      powerExponent += scaleExponent;
    }
  }

  let p = result[(k - 1) * m + (k - 1)]!;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < scaleDown) {
      p *= scaleUp;
      resultExponent -= scaleExponent;
    }
  }
  return clipProbability(ldexp(p, resultExponent));
}

function identity(m: number): Float64Array {
  const matrix = new Float64Array(m * m);
  for (let i = 0; i < m; i++) matrix[i * m + i] = 1;
  return matrix;
}

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const product = new Float64Array(m * m);
  for (let r = 0; r < m; r++) {
    for (let k = 0; k < m; k++) {
      const left = a[r * m + k]!;
      if (left === 0) continue;
      for (let c = 0; c < m; c++) product[r * m + c]! += left * b[k * m + c]!;
    }
  }
  return product;
}
