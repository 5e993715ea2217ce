import type { Tree } from "./tree.ts";

/**
 * Every tree of a model in one set of flat typed arrays, for scoring one row at a time (a
 * served request): node ids are global, each tree's root is listed in `roots`, and a leaf
 * points to itself as in tree.ts. One set of arrays rather than one per tree, so the walk
 * reads no tree object and no per-tree array header: only numbers.
 */
export interface FlatForest {
  /** The global node id of each tree's root, in the model's tree order. */
  readonly roots: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  /** Global id of each node's left child (the node itself at a leaf); the right child is left + 1. */
  readonly left: Int32Array;
  /** `valueWidth` numbers per node. */
  readonly value: Float64Array;
  readonly valueWidth: number;
  /** Tree t adds its values at out[t % period]: 1 for a forest, the classes for a multiclass booster. */
  readonly period: number;
}

/** The trees' nodes laid end to end, child ids shifted by where each tree starts. */
export function flattenTrees(trees: readonly Tree[], period = 1): FlatForest {
  const valueWidth = trees[0]?.valueWidth ?? 1;
  const nodes = trees.reduce((sum, tree) => sum + tree.feature.length, 0);
  const forest = {
    roots: new Int32Array(trees.length),
    feature: new Int32Array(nodes),
    threshold: new Float64Array(nodes),
    left: new Int32Array(nodes),
    value: new Float64Array(nodes * valueWidth),
    valueWidth,
    period,
  };
  let start = 0;
  trees.forEach((tree, t) => {
    forest.roots[t] = start;
    forest.feature.set(tree.feature, start);
    forest.threshold.set(tree.threshold, start);
    for (let node = 0; node < tree.left.length; node++) forest.left[start + node] = tree.left[node]! + start;
    forest.value.set(tree.value, start * valueWidth);
    start += tree.feature.length;
  });
  return forest;
}

/**
 * Adds each tree's leaf value for one row (finite features) to `out`, tree by tree in the
 * model's order, so each sum is formed exactly as addTreeValues forms it for a batch. It
 * allocates nothing. The step is addTreeValues' branch-free one, `left + (value > threshold)`,
 * and for the same reason four walks go in lockstep, here four trees of the one row: their
 * chains of dependent reads are independent and overlap, where one walk alone would wait out
 * each level's reads in turn.
 */
export function addForestRow(forest: FlatForest, row: Float64Array, out: Float64Array): void {
  const { roots, feature, threshold, left, value, valueWidth, period } = forest;
  const trees = roots.length;
  const lockstepTrees = trees - (trees % 4);
  for (let t = 0; t < lockstepTrees; t += 4) {
    let n0 = roots[t]!;
    let n1 = roots[t + 1]!;
    let n2 = roots[t + 2]!;
    let n3 = roots[t + 3]!;
    for (;;) {
      const m0 = left[n0]! + +(row[feature[n0]!]! > threshold[n0]!);
      const m1 = left[n1]! + +(row[feature[n1]!]! > threshold[n1]!);
      const m2 = left[n2]! + +(row[feature[n2]!]! > threshold[n2]!);
      const m3 = left[n3]! + +(row[feature[n3]!]! > threshold[n3]!);
      if (((m0 ^ n0) | (m1 ^ n1) | (m2 ^ n2) | (m3 ^ n3)) === 0) break;
      n0 = m0;
      n1 = m1;
      n2 = m2;
      n3 = m3;
    }
    addLeaf(value, valueWidth, n0, out, t % period);
    addLeaf(value, valueWidth, n1, out, (t + 1) % period);
    addLeaf(value, valueWidth, n2, out, (t + 2) % period);
    addLeaf(value, valueWidth, n3, out, (t + 3) % period);
  }
  for (let t = lockstepTrees; t < trees; t++) {
    let node = roots[t]!;
    for (;;) {
      const next = left[node]! + +(row[feature[node]!]! > threshold[node]!);
      if (next === node) break;
      node = next;
    }
    addLeaf(value, valueWidth, node, out, t % period);
  }
}

function addLeaf(value: Float64Array, valueWidth: number, node: number, out: Float64Array, column: number): void {
  for (let k = 0; k < valueWidth; k++) out[column + k]! += value[node * valueWidth + k]!;
}
