import { type RankIndex, rankOf } from "./rank-index.ts";

/** Per-thread scratch for the window's counts, grown to the largest reference seen. */
let slots = new Int32Array(0);

/**
 * The two-sample KS statistic D of a window against a sorted reference, without sorting the
 * window: each window value is placed among the reference values (rank-index.ts), counted by
 * place, and one walk over the reference reads both ECDFs. Values equal to a reference value
 * and values strictly between two reference values get places of their own, so ties count as
 * scipy counts them: D is the same number as ksStatistic's (and scipy.stats.ks_2samp's) for
 * the window sorted. The window must hold no NaN; its order does not matter.
 *
 * Why this holds: the ECDF difference F_ref - F_window is evaluated at every pooled value.
 * It only rises at reference values, so its maximum is reached at one of them; it only falls
 * at window values, so its minimum is reached at a reference value or at the last window
 * value between two reference values. Those are the points the walk evaluates.
 */
export function ksStatisticAgainst(sorted: Float64Array, index: RankIndex, window: Float64Array): number {
  const n1 = sorted.length;
  const n2 = window.length;
  // Place 2u: strictly between the u-th and (u+1)-th reference values (u of them below).
  // Place 2u - 1: equal to a reference value with u reference values <= it.
  if (slots.length < 2 * n1 + 1) slots = new Int32Array(2 * n1 + 1);
  else slots.fill(0, 0, 2 * n1 + 1);
  for (let k = 0; k < n2; k++) {
    const x = window[k]!;
    const u = rankOf(index, sorted, x);
    const place = u > 0 && sorted[u - 1] === x ? 2 * u - 1 : 2 * u;
    slots[place]!++;
  }
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  let j = slots[0]!;
  if (j > 0) min = -j / n2;
  for (let u = 1; u <= n1; u++) {
    // Only the last of equal reference values is a pooled point of its own.
    if (u < n1 && sorted[u] === sorted[u - 1]) continue;
    j += slots[2 * u - 1]!;
    const difference = u / n1 - j / n2;
    if (difference > max) max = difference;
    if (difference < min) min = difference;
    const between = slots[2 * u]!;
    if (between > 0) {
      j += between;
      const after = u / n1 - j / n2;
      if (after < min) min = after;
    }
  }
  return Math.max(Math.min(Math.max(-min, 0), 1), max);
}
