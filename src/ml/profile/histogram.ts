import { upperBound } from "./upper-bound.ts";

/** Bin counts over ascending edges: counts[i] holds the values in [edges[i], edges[i + 1]). */
export interface Histogram {
  readonly edges: readonly number[];
  readonly counts: readonly number[];
}

/**
 * numpy.histogram_bin_edges(values, bins) given the values' min and max: `bins` equal-width
 * bins, edges computed as numpy.linspace does (start + i * step, the last edge exactly max),
 * so counts agree with numpy even for values that land on an edge. A single repeated value
 * gets the unit-wide range numpy gives it.
 */
export function equalWidthEdges(min: number, max: number, bins: number): number[] {
  if (!(Number.isInteger(bins) && bins > 0)) throw new RangeError(`bins must be a positive integer, got ${bins}`);
  const [start, stop] = min === max ? [min - 0.5, max + 0.5] : [min, max];
  const step = (stop - start) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => i * step + start);
  edges[bins] = stop;
  return edges;
}

/**
 * numpy.histogram's counts for the given edges: bins are half-open [a, b) except the last,
 * which also holds its right edge; values outside [first edge, last edge] are not counted.
 */
export function countInBins(edges: readonly number[], values: Iterable<number>): number[] {
  const bins = edges.length - 1;
  const counts = new Array<number>(bins).fill(0);
  const first = edges[0]!;
  const last = edges[bins]!;
  for (const value of values) {
    if (!(value >= first && value <= last)) continue;
    const bin = value === last ? bins - 1 : upperBound(edges, value) - 1;
    counts[bin]!++;
  }
  return counts;
}

/** An equal-width histogram of an ascending, non-empty sample over its own range. */
export function histogramOfSorted(sorted: Float64Array, bins: number): Histogram {
  const edges = equalWidthEdges(sorted[0]!, sorted[sorted.length - 1]!, bins);
  return { edges, counts: countInBins(edges, sorted) };
}
