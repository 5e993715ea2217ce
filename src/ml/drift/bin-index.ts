import { upperBound } from "../profile/upper-bound.ts";
import { cellOf, type RankIndex } from "./rank-index.ts";

/** Marks a cell that holds a bin edge: its values are compared with the edges one by one. */
const holdsEdge = 255;

/**
 * The histogram bin of each cell of a rank index (rank-index.ts), for the cells that hold no
 * bin edge: every value in such a cell lies above the edges of the cells below and below the
 * others, so its bin is known without comparing it with any edge. Counting a window into the
 * reference's decile bins then takes a multiplication and a table look-up per value; only
 * values in the few cells that hold an edge are compared with the edges. In shared memory.
 */
export function buildBinIndex(index: RankIndex, innerEdges: readonly number[]): Uint8Array {
  if (innerEdges.length >= holdsEdge) throw new RangeError(`${innerEdges.length + 1} bins are more than a bin index holds`);
  const cells = index.starts.length - 1;
  const bins = new Uint8Array(new SharedArrayBuffer(cells));
  const edgeCells = innerEdges.map((edge) => cellOf(index, edge));
  let below = 0;
  for (let cell = 0; cell < cells; cell++) {
    while (below < edgeCells.length && edgeCells[below]! < cell) below++;
    bins[cell] = below < edgeCells.length && edgeCells[below] === cell ? holdsEdge : below;
  }
  return bins;
}

/** countByInnerEdges (quantile-bins.ts) through a bin index: the same counts, for values without NaN. */
export function countByBinIndex(
  bins: Uint8Array,
  index: RankIndex,
  innerEdges: readonly number[],
  values: Float64Array,
): number[] {
  const counts = new Array<number>(innerEdges.length + 1).fill(0);
  for (let k = 0; k < values.length; k++) {
    const x = values[k]!;
    let bin = bins[cellOf(index, x)]!;
    if (bin === holdsEdge) bin = upperBound(innerEdges, x);
    counts[bin]!++;
  }
  return counts;
}
