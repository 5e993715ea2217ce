import { roundHalfEven } from "./round-half-even.ts";

/**
 * The exact two-sided p-value of the two-sample KS test, P(D >= d) under the null, as
 * scipy.stats.ks_2samp(method='exact') computes it (scipy 1.10: _attempt_exact_2kssamp).
 *
 * D only takes values h / lcm(n1, n2), so d is first rounded to that lattice (and the
 * rounded d is what scipy reports). Returns undefined where scipy gives up on the exact
 * computation (lcm too large, or a result that is not a probability) and falls back to the
 * asymptotic one.
 */
export function ksExactPValue(
  n1: number,
  n2: number,
  statistic: number,
): { statistic: number; pValue: number } | undefined {
  const g = gcd(n1, n2);
  // scipy refuses lattices whose size does not fit an int32.
  if (n1 / g >= 2147483647 / (n2 / g)) return undefined;
  const lcm = (n1 / g) * n2;
  const h = roundHalfEven(statistic * lcm);
  const rounded = h / lcm;
  if (h === 0) return { statistic: rounded, pValue: 1 };
  const pValue = n1 === n2 ? probabilityOutsideSquare(n1, h) : probabilityOutsideBand(n1, n2, g, h);
  return pValue >= 0 && pValue <= 1 ? { statistic: rounded, pValue } : undefined;
}

/**
 * n1 = n2 = n: P(D >= h/n) = 2 * sum_k (-1)^(k-1) C(2n, n - kh) / C(2n, n). Each ratio of
 * binomials is built from h simple factors and the alternating sum is nested Horner-style,
 * P = 2 A0 (1 - A1 (1 - A2 (...))), which avoids the cancellation of the direct sum.
 */
function probabilityOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let ratio = 1;
    for (let j = 0; j < h; j++) ratio = ((n - k * h - j) * ratio) / (n + k * h + j + 1);
    p = ratio * (1 - p);
  }
  return 2 * p;
}

/**
 * n1 != n2: the share of monotone lattice paths from (0, 0) to (m, n) that leave the band
 * |x/m - y/n| < h/lcm, by Hodges' inside method rewritten to carry 1 - share directly
 * (Viehmann 2021, arXiv:2102.08037), keeping only the sliding window of the current column.
 */
function probabilityOutsideBand(n1: number, n2: number, g: number, h: number): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let length = maxj - minj;
  const column = new Float64Array(Math.min(2 * maxj + 2, n + 1)).fill(1);
  column.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastMinj = minj;
    const lastLength = length;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let value = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      value = (column[jj + minj - lastMinj]! * i + value * j) / (i + j);
      column[jj] = value;
    }
    length = maxj - minj;
    if (lastLength > length) column.fill(1, length, lastLength);
  }
  return column[maxj - minj - 1]!;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
