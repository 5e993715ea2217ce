import type { Matrix } from "../../matrix.ts";
import { addTreeValues, type Tree } from "./tree.ts";

/**
 * A boosted model's raw scores, row-major (rows × trees per iteration): the baseline plus
 * every tree's leaf value, tree k of each iteration adding to column k.
 */
export function rawPredictions(
  baseline: Float64Array,
  trees: readonly Tree[],
  x: Matrix,
): Float64Array {
  const width = baseline.length;
  const raw = new Float64Array(x.rows * width);
  for (let r = 0; r < x.rows; r++) raw.set(baseline, r * width);
  for (let i = 0; i < trees.length; i++) addTreeValues(trees[i]!, x, raw, width, i % width);
  return raw;
}
