import type { Matrix } from "../../matrix.ts";

/**
 * A fitted binary tree as flat typed arrays, node 0 the root: what every tree model predicts
 * with. Flat arrays rather than node objects because prediction is a tight loop of array
 * reads: no pointer chasing, no hidden-class checks, and the whole tree of a few thousand
 * nodes stays in cache while a batch of rows walks it.
 */
export interface Tree {
  /** Feature tested at each internal node; -1 marks a leaf. */
  readonly feature: Int32Array;
  /** A row goes left when its value of `feature` is <= threshold. */
  readonly threshold: Float64Array;
  /** Left child of each internal node; the right child is always left + 1. */
  readonly left: Int32Array;
  /** `valueWidth` numbers per node; only leaves' are read. */
  readonly value: Float64Array;
  readonly valueWidth: number;
}

/** Grows a tree one node at a time; children are added in pairs so right = left + 1. */
export class TreeBuilder {
  private readonly feature: number[] = [-1];
  private readonly threshold: number[] = [0];
  private readonly left: number[] = [0];
  private readonly value: number[];

  constructor(private readonly valueWidth: number) {
    this.value = new Array<number>(valueWidth).fill(0);
  }

  /** Turns a leaf into a split and returns the new left child's id. */
  split(node: number, feature: number, threshold: number): number {
    const left = this.feature.length;
    this.feature[node] = feature;
    this.threshold[node] = threshold;
    this.left[node] = left;
    for (let child = 0; child < 2; child++) {
      this.feature.push(-1);
      this.threshold.push(0);
      this.left.push(0);
      for (let k = 0; k < this.valueWidth; k++) this.value.push(0);
    }
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
}

/**
 * Adds each row's leaf value to `out` (rows × outWidth, row-major), at columns
 * outColumn..outColumn+valueWidth-1. A forest adds whole class distributions, a boosted
 * model one class's score. Models call it tree by tree (trees outer, rows inner) so one
 * tree's arrays stay hot in cache for the whole batch of rows.
 */
export function addTreeValues(
  tree: Tree,
  x: Matrix,
  out: Float64Array,
  outWidth: number,
  outColumn = 0,
): void {
  const { feature, threshold, left, value, valueWidth } = tree;
  const { data, cols } = x;
  for (let row = 0; row < x.rows; row++) {
    // The walk: four typed-array reads and a compare per level, no calls, no allocation.
    // It is bound by the data-dependent branch and the chain of reads; packing the node
    // arrays into one, branch-free child selection and walking four rows in lockstep were
    // all measured no faster in V8.
    const offset = row * cols;
    let node = 0;
    let f = feature[0]!;
    while (f >= 0) {
      node = data[offset + f]! <= threshold[node]! ? left[node]! : left[node]! + 1;
      f = feature[node]!;
    }
    const target = row * outWidth + outColumn;
    const source = node * valueWidth;
    for (let k = 0; k < valueWidth; k++) out[target + k]! += value[source + k]!;
  }
}
