import { quantileOfSorted } from "../profile/quantile.ts";
import { upperBound } from "../profile/upper-bound.ts";

/**
 * The inner edges e_1..e_{bins-1} of bins holding equal shares of the reference:
 * numpy.quantile(reference, [1/bins, ..., (bins-1)/bins]) with its default 'linear' method.
 * The bins are (-inf, e_1), [e_1, e_2), ..., [e_{bins-1}, +inf), so nothing in the current
 * sample falls outside them.
 */
export function referenceQuantileEdges(sortedReference: Float64Array, bins: number): number[] {
  if (!(Number.isInteger(bins) && bins >= 2)) {
    throw new RangeError(`bins must be an integer of at least 2, got ${bins}`);
  }
  return Array.from({ length: bins - 1 }, (_, i) => quantileOfSorted(sortedReference, (i + 1) / bins));
}

/** Counts per bin for inner edges: the bin of x is numpy.searchsorted(edges, x, side='right'). */
export function countByInnerEdges(innerEdges: readonly number[], values: Iterable<number>): number[] {
  const counts = new Array<number>(innerEdges.length + 1).fill(0);
  for (const value of values) {
    const bin = upperBound(innerEdges, value);
    counts[bin] = counts[bin]! + 1;
  }
  return counts;
}

/**
 * countByInnerEdges for values already in ascending order, in bins x log(n) steps: bin b
 * holds the values from e_b (inclusive) to e_{b+1} (exclusive), so its count is a difference
 * of two lower bounds.
 */
export function countSortedByInnerEdges(innerEdges: readonly number[], sorted: Float64Array): number[] {
  const counts = new Array<number>(innerEdges.length + 1);
  let below = 0;
  for (let bin = 0; bin < innerEdges.length; bin++) {
    const upTo = lowerBound(sorted, innerEdges[bin]!);
    counts[bin] = upTo - below;
    below = upTo;
  }
  counts[innerEdges.length] = sorted.length - below;
  return counts;
}

/** How many values of an ascending array are < x. */
function lowerBound(sorted: Float64Array, x: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < x) low = middle + 1;
    else high = middle;
  }
  return low;
}
