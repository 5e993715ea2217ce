/**
 * A lookup table that finds where a value falls among a sorted sample in a step or two
 * instead of a binary search over all of it: the sample's range cut into as many
 * equal-width cells as it has values, each cell holding how many values lie in the cells
 * below. The cell of x is a monotone function of x, so the values <= x are all those of the
 * cells below plus some of x's own cell, found by a binary search within that cell. Skewed
 * or heavy-tailed data crowds a few cells, which only brings back the binary search.
 */
export interface RankIndex {
  /** starts[c]: how many sorted values lie in cells below c; cells + 1 entries, in shared memory. */
  readonly starts: Int32Array;
  readonly low: number;
  /** Cells per unit of the data; 0 when the range is empty or not finite (one cell). */
  readonly scale: number;
  /** Whether some values repeat: walks over the sample then look for the last of equal values. */
  readonly hasTies: boolean;
}

export function buildRankIndex(sorted: Float64Array): RankIndex {
  const n = sorted.length;
  const low = sorted[0]!;
  const range = sorted[n - 1]! - low;
  const scale = range > 0 && Number.isFinite(range) ? n / range : 0;
  const cells = scale === 0 ? 1 : n;
  const starts = new Int32Array(new SharedArrayBuffer((cells + 1) * 4));
  let hasTies = false;
  for (let i = 1; i < n && !hasTies; i++) hasTies = sorted[i] === sorted[i - 1];
  const index = { starts, low, scale, hasTies };
  let at = 0;
  for (let c = 0; c < cells; c++) {
    while (at < n && cellOf(index, sorted[at]!) < c) at++;
    starts[c] = at;
  }
  starts[cells] = n;
  return index;
}

/** How many of the sorted values are <= x: numpy.searchsorted(sorted, x, side='right'). */
export function rankOf(index: RankIndex, sorted: Float64Array, x: number): number {
  const cell = cellOf(index, x);
  let low = index.starts[cell]!;
  let high = index.starts[cell + 1]!;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! <= x) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The cell x falls in: monotone in x, so a cell below x's holds only smaller values. */
export function cellOf({ starts, low, scale }: Pick<RankIndex, "starts" | "low" | "scale">, x: number): number {
  const cell = Math.floor((x - low) * scale);
  // Also maps -Infinity (and NaN, which scale 0 can make of x - low) to the first cell.
  if (!(cell > 0)) return 0;
  const last = starts.length - 2;
  return Math.min(cell, last);
}
