import { type RankIndex, rankOf } from "./rank-index.ts";

/** Reference values stepped over before the next window value is looked up instead. */
const nearSteps = 8;

/**
 * The two-sample KS statistic D of an ascending window against a sorted reference, in one
 * step per distinct window value rather than per pooled value: each is found among the
 * reference values by a few steps from the previous one, or looked up (rank-index.ts) when
 * it is further, so a window much smaller than the reference costs what the window costs.
 * D is the same number as ksStatistic's (and scipy.stats.ks_2samp's).
 *
 * Why this holds: scipy takes the ECDF difference F_ref - F_window at every pooled value.
 * It only falls at window values, so its minimum is reached at one of them: at w it is
 * u/n1 - j/n2, u the reference values <= w and j the window values <= w. It only rises at
 * reference values, so its maximum is reached at the pooled value just below a window
 * value w (or at the end, where it is 0): l/n1 - j'/n2, l the reference values < w and j'
 * the window values < w. Where no pooled value lies below w that figure is 0, which changes
 * nothing, as the maximum is at least 0 and the minimum at most 0.
 */
export function ksStatisticAgainst(sorted: Float64Array, index: RankIndex, ascendingWindow: Float64Array): number {
  const n1 = sorted.length;
  const n2 = ascendingWindow.length;
  let max = 0;
  let min = 0;
  let j = 0;
  // Reference values < w (l) and <= w (u); both only grow with w.
  let u = 0;
  for (let k = 0; k < n2; ) {
    const w = ascendingWindow[k]!;
    let l = u;
    // A near w is reached by stepping, a far one looked up.
    for (let steps = 0; l < n1 && sorted[l]! < w && steps < nearSteps; steps++) l++;
    if (l < n1 && sorted[l]! < w) {
      u = rankOf(index, sorted, w);
      l = u;
      while (l > 0 && sorted[l - 1] === w) l--;
    } else {
      u = l;
      while (u < n1 && sorted[u] === w) u++;
    }
    const below = l / n1 - j / n2;
    if (below > max) max = below;
    while (k < n2 && ascendingWindow[k] === w) k++;
    j = k;
    const at = u / n1 - j / n2;
    if (at < min) min = at;
  }
  return Math.max(Math.min(-min, 1), max);
}
