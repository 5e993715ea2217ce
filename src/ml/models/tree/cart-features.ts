import type { Matrix } from "../../matrix.ts";
import { distinctValues, quantileEdges, sortColumn } from "./binning.ts";

/**
 * Features as a CART tree (a decision tree, a random forest's trees) splits them: each value
 * replaced by the rank of its bin among the feature's distinct values, so that a node's split
 * search adds rows into bins instead of sorting them. By default every distinct value is a
 * bin of its own, so a tree may split between any two values, as scikit-learn's DecisionTree
 * does; only with a maxBins do features with more values share quantile bins.
 */
export interface CartFeatures {
  readonly rows: number;
  readonly cols: number;
  /** Column-major: feature f of row r is in bin bins[f * rows + r]. */
  readonly bins: Uint32Array;
  /** Per feature, the lowest and highest training value of each bin. */
  readonly low: readonly Float64Array[];
  readonly high: readonly Float64Array[];
}

/**
 * The bins of every feature of x: one per distinct value, or with a finite maxBins, at most
 * maxBins quantile bins per feature (the edges of binning.ts). With `shared`, the bins live
 * in a SharedArrayBuffer that a forest's worker threads read without copying.
 */
export function cartFeatures(x: Matrix, maxBins = Infinity, shared = false): CartFeatures {
  const { rows, cols } = x;
  const bytes = rows * cols * Uint32Array.BYTES_PER_ELEMENT;
  const bins = new Uint32Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const low: Float64Array[] = [];
  const high: Float64Array[] = [];
  const column = new Float64Array(rows);
  const sorted = new Float64Array(rows);
  for (let c = 0; c < cols; c++) {
    const order = sortColumn(x, c, column, sorted);
    const distinct = distinctValues(sorted);
    // Bin b holds the values in (edges[b - 1], edges[b]]; with a bin per value, the values
    // themselves are the edges. Bins no value falls in are skipped, so bin numbers are dense.
    const edges = distinct.length <= maxBins ? distinct : quantileEdges(sorted, maxBins);
    const featureLow = new Float64Array(distinct.length);
    const featureHigh = new Float64Array(distinct.length);
    const base = c * rows;
    let bin = -1;
    for (let i = 0, edge = 0; i < rows; i++) {
      const value = sorted[i]!;
      if (bin < 0 || (edge < edges.length && value > edges[edge]!)) {
        while (edge < edges.length && value > edges[edge]!) edge++;
        featureLow[++bin] = value;
      }
      featureHigh[bin] = value;
      bins[base + order[i]!] = bin;
    }
    low.push(featureLow.slice(0, bin + 1));
    high.push(featureHigh.slice(0, bin + 1));
  }
  return { rows, cols, bins, low, high };
}
