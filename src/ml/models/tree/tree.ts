import type { Matrix } from "../../matrix.ts";

/**
 * A fitted binary tree as flat typed arrays, node 0 the root: what every tree model predicts
 * with. Flat arrays rather than node objects because prediction is a tight loop of array
 * reads: no pointer chasing, no hidden-class checks, and the whole tree of a few thousand
 * nodes stays in cache while a batch of rows walks it.
 *
 * A leaf points to itself: its left child is the leaf, its threshold +Infinity and its
 * feature 0, so every row (all values are finite) "goes left" and stays there. A walk can
 * then step every node alike, leaf or not, which the kernel of addTreeValues relies on. The
 * saved form (tree-json.ts) marks leaves with feature -1 instead.
 */
export interface Tree {
  /** Feature tested at each node (0 at leaves). */
  readonly feature: Int32Array;
  /** A row goes right when its value of `feature` is > threshold, else left. */
  readonly threshold: Float64Array;
  /** Left child of each node, the node itself at a leaf; the right child is left + 1. */
  readonly left: Int32Array;
  /** `valueWidth` numbers per node; only leaves' are read. */
  readonly value: Float64Array;
  readonly valueWidth: number;
}

export function isLeaf(tree: Tree, node: number): boolean {
  return tree.left[node] === node;
}

/** Grows a tree one node at a time; children are added in pairs so right = left + 1. */
export class TreeBuilder {
  private readonly feature: number[] = [];
  private readonly threshold: number[] = [];
  private readonly left: number[] = [];
  private readonly value: number[] = [];

  constructor(private readonly valueWidth: number) {
    this.addLeaf();
  }

  /** Turns a leaf into a split and returns the new left child's id. */
  split(node: number, feature: number, threshold: number): number {
    const left = this.feature.length;
    this.feature[node] = feature;
    this.threshold[node] = threshold;
    this.left[node] = left;
    this.addLeaf();
    this.addLeaf();
    return left;
  }

  setValue(node: number, values: ArrayLike<number>): void {
    for (let k = 0; k < this.valueWidth; k++) {
      this.value[node * this.valueWidth + k] = values[k]!;
    }
  }

  build(): Tree {
    return {
      feature: Int32Array.from(this.feature),
      threshold: Float64Array.from(this.threshold),
      left: Int32Array.from(this.left),
      value: Float64Array.from(this.value),
      valueWidth: this.valueWidth,
    };
  }

  private addLeaf(): void {
    this.left.push(this.feature.length);
    this.feature.push(0);
    this.threshold.push(Infinity);
    for (let k = 0; k < this.valueWidth; k++) this.value.push(0);
  }
}

/**
 * Adds each row's leaf value to `out` (rows × outWidth, row-major), at columns
 * outColumn..outColumn+valueWidth-1. A forest adds whole class distributions, a boosted
 * model one class's score. Models call it tree by tree (trees outer, rows inner) so one
 * tree's arrays stay hot in cache for the whole batch of rows, and each row's sum adds the
 * trees in the same order whatever the batch.
 *
 * This is the heart of tree prediction's speed: 1.7× (boosting's small trees) to 2.1× (a
 * forest's deep ones) that of a plain walk, `while not a leaf: node = value <= threshold ?
 * left : right`. That walk is bound by its branch: which way a row goes is a coin flip to
 * the CPU's predictor, so about every other level costs a mispredicted branch. Here the step
 * is arithmetic, `left + (value > threshold)`, with no branch. That alone is slower, since
 * one row's walk is then a chain of dependent reads (node, then its feature and threshold,
 * then the row's value, then the next node) that the CPU waits out level by level. So four
 * rows walk in lockstep: their four chains are independent and overlap. Leaves pointing to
 * themselves let a row that has arrived keep stepping on the spot until the deepest of the
 * four arrives; one branch per level asks whether all four stood still. Eight rows,
 * refilling a lane as soon as its row arrives, blocks of rows over all trees, and one array
 * of packed nodes were all measured no faster.
 */
export function addTreeValues(
  tree: Tree,
  x: Matrix,
  out: Float64Array,
  outWidth: number,
  outColumn = 0,
): void {
  const { feature, threshold, left, value, valueWidth } = tree;
  const { data, cols, rows } = x;
  const lockstepRows = rows - (rows % 4);
  for (let row = 0; row < lockstepRows; row += 4) {
    const o0 = row * cols;
    const o1 = o0 + cols;
    const o2 = o1 + cols;
    const o3 = o2 + cols;
    let n0 = 0;
    let n1 = 0;
    let n2 = 0;
    let n3 = 0;
    for (;;) {
      const m0 = left[n0]! + +(data[o0 + feature[n0]!]! > threshold[n0]!);
      const m1 = left[n1]! + +(data[o1 + feature[n1]!]! > threshold[n1]!);
      const m2 = left[n2]! + +(data[o2 + feature[n2]!]! > threshold[n2]!);
      const m3 = left[n3]! + +(data[o3 + feature[n3]!]! > threshold[n3]!);
      if (((m0 ^ n0) | (m1 ^ n1) | (m2 ^ n2) | (m3 ^ n3)) === 0) break;
      n0 = m0;
      n1 = m1;
      n2 = m2;
      n3 = m3;
    }
    const target = row * outWidth + outColumn;
    for (let k = 0; k < valueWidth; k++) {
      out[target + k]! += value[n0 * valueWidth + k]!;
      out[target + outWidth + k]! += value[n1 * valueWidth + k]!;
      out[target + 2 * outWidth + k]! += value[n2 * valueWidth + k]!;
      out[target + 3 * outWidth + k]! += value[n3 * valueWidth + k]!;
    }
  }
  for (let row = lockstepRows; row < rows; row++) {
    const offset = row * cols;
    let node = 0;
    for (;;) {
      const next = left[node]! + +(data[offset + feature[node]!]! > threshold[node]!);
      if (next === node) break;
      node = next;
    }
    const target = row * outWidth + outColumn;
    for (let k = 0; k < valueWidth; k++) out[target + k]! += value[node * valueWidth + k]!;
  }
}
