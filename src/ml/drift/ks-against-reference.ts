import { cellOf, type RankIndex } from "./rank-index.ts";

/** Per-thread scratch, grown to the largest reference and window seen. */
let slots = new Int32Array(0);
let cellEnds = new Int32Array(0);
let cellOfValue = new Int32Array(0);
let ordered = new Float64Array(0);

/**
 * The two-sample KS statistic D of a window against a sorted reference, without sorting the
 * window: each window value is placed among the reference values (rank-index.ts), counted by
 * place, and one walk over the reference reads both ECDFs. Values equal to a reference value
 * and values strictly between two reference values get places of their own, so ties count as
 * scipy counts them: D is the same number as ksStatistic's (and scipy.stats.ks_2samp's) for
 * the window sorted. The window must hold no NaN; its order does not matter.
 *
 * Why this holds: the ECDF difference F_ref - F_window is evaluated at every pooled value.
 * It only rises at reference values, so its maximum is reached at the last reference value
 * before the window's count rises; it only falls at window values, so its minimum is reached
 * at a reference value that window values equal or at the last window value between two
 * reference values. Those are the points the walk evaluates; the walk's steps over
 * reference values that no window value is near are a load and a comparison each.
 */
export function ksStatisticAgainst(sorted: Float64Array, index: RankIndex, window: Float64Array): number {
  const n1 = sorted.length;
  const n2 = window.length;
  countPlaces(sorted, index, window);
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  const see = (difference: number) => {
    if (difference > max) max = difference;
    if (difference < min) min = difference;
  };
  let j = slots[0]!;
  if (j > 0) min = -j / n2;
  // The previous distinct reference value (as its count u), whose difference is the peak
  // before window values equal to the next one raise the window's count; 0 for none.
  let previous = 0;
  for (let u = 1; u <= n1; u++) {
    // Only the last of equal reference values is a pooled point of its own.
    if (index.hasTies && u < n1 && sorted[u] === sorted[u - 1]) continue;
    const equal = slots[2 * u - 1]!;
    const between = slots[2 * u]!;
    // With the window's count unchanged the difference only grows with u: a later value,
    // or the peak taken before the count next rises, is the candidate.
    if (equal === 0 && between === 0) {
      previous = u;
      continue;
    }
    if (equal > 0) {
      if (previous > 0) see(previous / n1 - j / n2);
      j += equal;
    }
    see(u / n1 - j / n2);
    if (between > 0) {
      j += between;
      see(u / n1 - j / n2);
    }
    previous = u;
  }
  return Math.max(Math.min(Math.max(-min, 0), 1), max);
}

/**
 * Counts the window's values by place among the reference's: place 2u is strictly between
 * the u-th and (u+1)-th reference values (u of them below), place 2u - 1 equal to a reference
 * value with u reference values <= it. The window is first bucketed by rank-index cell (a
 * counting sort), so that the reference is then read in order: looked up value by value in
 * the window's order, nearly every look-up would be a cache miss.
 */
function countPlaces(sorted: Float64Array, index: RankIndex, window: Float64Array): void {
  const n1 = sorted.length;
  const n2 = window.length;
  const cells = index.starts.length - 1;
  if (slots.length < 2 * n1 + 1) slots = new Int32Array(2 * n1 + 1);
  else slots.fill(0, 0, 2 * n1 + 1);
  if (cellEnds.length < cells + 1) cellEnds = new Int32Array(cells + 1);
  else cellEnds.fill(0, 0, cells + 1);
  if (cellOfValue.length < n2) {
    cellOfValue = new Int32Array(n2);
    ordered = new Float64Array(n2);
  }
  for (let k = 0; k < n2; k++) {
    const cell = cellOf(index, window[k]!);
    cellOfValue[k] = cell;
    cellEnds[cell + 1]!++;
  }
  for (let cell = 1; cell <= cells; cell++) cellEnds[cell]! += cellEnds[cell - 1]!;
  // Each cell's values go from its start on; its entry ends up at its end.
  for (let k = 0; k < n2; k++) ordered[cellEnds[cellOfValue[k]!]!++] = window[k]!;
  let begin = 0;
  for (let cell = 0; cell < cells; cell++) {
    const end = cellEnds[cell]!;
    const from = index.starts[cell]!;
    const to = index.starts[cell + 1]!;
    for (let k = begin; k < end; k++) {
      const x = ordered[k]!;
      const u = rankWithin(sorted, x, from, to);
      slots[u > 0 && sorted[u - 1] === x ? 2 * u - 1 : 2 * u]!++;
    }
    begin = end;
  }
}

/** How many of sorted[0..to) are <= x, given that sorted[0..from) all are: a scan over a few values, a binary search over many. */
function rankWithin(sorted: Float64Array, x: number, from: number, to: number): number {
  let low = from;
  let high = to;
  while (high - low > 8) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! <= x) low = middle + 1;
    else high = middle;
  }
  while (low < high && sorted[low]! <= x) low++;
  return low;
}
