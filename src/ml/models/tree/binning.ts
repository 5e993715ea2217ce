import type { Matrix } from "../../matrix.ts";
import { ascendingOrder } from "./ascending-order.ts";

/**
 * Feature binning: every tree kernel trains on small integer bins instead of raw doubles.
 *
 * Each feature gets at most 255 bins (scikit-learn's HistGradientBoosting limit, so a bin
 * fits a byte). Bin b of a feature holds the values v with edges[b - 1] < v <= edges[b], so
 * "bin <= b" on the training data is exactly "v <= edges[b]" on raw values: a tree trained on
 * bins stores edges[b] as its threshold and predicts on raw values with no binning at all.
 */
export const MAX_BINS = 255;

export interface BinnedFeatures {
  readonly rows: number;
  readonly cols: number;
  /**
   * Column-major: feature f of row r is bins[f * rows + r]. Histogram building reads one
   * feature of many rows at a time, so a feature's bins are contiguous bytes: 64 rows per
   * cache line instead of one row per 20 features as in a row-major layout.
   */
  readonly bins: Uint8Array;
  /** Per feature, the ascending upper edges of all bins but the last. */
  readonly edges: readonly Float64Array[];
}

/**
 * Bins every feature of x. The edges are scikit-learn's (`_find_binning_thresholds`): with
 * at most maxBins distinct values, the midpoints between consecutive ones (so binning loses
 * nothing); otherwise the maxBins-quantiles (numpy's "midpoint" percentiles), duplicates
 * dropped. With `shared`, the bins live in a SharedArrayBuffer so that worker threads read
 * the same bytes instead of each receiving a copy.
 */
/**
 * Copies feature c of x into `column` (row order) and its values in ascending order into
 * `sorted`; returns the rows in that order.
 */
export function sortColumn(x: Matrix, c: number, column: Float64Array, sorted: Float64Array): Int32Array {
  const { rows, cols } = x;
  for (let r = 0; r < rows; r++) column[r] = x.data[r * cols + c]!;
  const order = ascendingOrder(column);
  for (let i = 0; i < rows; i++) sorted[i] = column[order[i]!]!;
  return order;
}

export function binFeatures(x: Matrix, maxBins = MAX_BINS, shared = false): BinnedFeatures {
  if (!(Number.isInteger(maxBins) && maxBins >= 2 && maxBins <= MAX_BINS)) {
    throw new RangeError(`maxBins is ${maxBins}; it must be an integer from 2 to ${MAX_BINS}`);
  }
  const { rows, cols } = x;
  const size = rows * cols;
  const bins = new Uint8Array(shared ? new SharedArrayBuffer(size) : new ArrayBuffer(size));
  const edges: Float64Array[] = [];
  const column = new Float64Array(rows);
  const sorted = new Float64Array(rows);
  for (let c = 0; c < cols; c++) {
    const order = sortColumn(x, c, column, sorted);
    const distinct = distinctValues(sorted);
    const featureEdges =
      distinct.length <= maxBins ? midpoints(distinct) : quantileEdges(sorted, maxBins);
    edges.push(featureEdges);
    // The values in ascending order meet the edges in ascending order: one merge-like walk
    // bins the whole column, with no binary search per value.
    const base = c * rows;
    for (let i = 0, bin = 0; i < rows; i++) {
      const value = sorted[i]!;
      while (bin < featureEdges.length && value > featureEdges[bin]!) bin++;
      bins[base + order[i]!] = bin;
    }
  }
  return { rows, cols, bins, edges };
}

/** The distinct values of an ascending array, in order. */
export function distinctValues(sorted: Float64Array): Float64Array {
  let count = 0;
  const distinct = new Float64Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    if (count === 0 || sorted[i] !== distinct[count - 1]) distinct[count++] = sorted[i]!;
  }
  return distinct.subarray(0, count);
}

function midpoints(distinct: Float64Array): Float64Array {
  const edges = new Float64Array(Math.max(0, distinct.length - 1));
  for (let i = 0; i < edges.length; i++) edges[i] = between(distinct[i]!, distinct[i + 1]!);
  return edges;
}

/** Halving first cannot overflow; for adjacent doubles the midpoint may round up to `high`. */
function between(low: number, high: number): number {
  const middle = low / 2 + high / 2;
  return middle < high ? middle : low;
}

/** The upper edges of maxBins bins of about equal counts ("midpoint" percentiles), deduplicated. */
export function quantileEdges(sorted: Float64Array, maxBins: number): Float64Array {
  const last = sorted.length - 1;
  const edges: number[] = [];
  for (let k = 1; k < maxBins; k++) {
    const position = (k / maxBins) * last;
    const below = sorted[Math.floor(position)]!;
    const above = sorted[Math.ceil(position)]!;
    const edge = below === above ? below : below + (above - below) / 2;
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  return Float64Array.from(edges);
}
