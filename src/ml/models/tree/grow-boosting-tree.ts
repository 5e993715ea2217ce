import type { BinnedFeatures } from "./binning.ts";
import {
  type BoostingSplit,
  findBoostingSplit,
  leafValue,
  type SplitConstraints,
} from "./find-boosting-split.ts";
import { GradientHistograms, subtractInPlace } from "./gradient-histogram.ts";
import { type Tree, TreeBuilder } from "./tree.ts";

export interface BoostingTreeParams extends SplitConstraints {
  readonly maxLeafNodes: number;
  readonly learningRate: number;
}

interface GrowingNode {
  readonly id: number;
  /** The node's rows are rowIndex[start, end). */
  readonly start: number;
  readonly end: number;
  readonly sumGradient: number;
  readonly sumHessian: number;
  /**
   * Its Newton step −G/(H+λ), or 0 at the root as in scikit-learn: the gain of its splits
   * is measured from it, and it is a leaf's value before shrinkage.
   */
  readonly value: number;
  histogram: Float64Array | null;
  split: BoostingSplit | null;
}

/**
 * Grows the trees of gradient boosting as scikit-learn's TreeGrower: best-first (always
 * splitting the leaf of largest gain) up to maxLeafNodes leaves, on gradient histograms with
 * the subtraction trick, each leaf worth learningRate × the Newton step −G/(H+λ).
 * One grower serves every tree of a fit, reusing its row buffers and histogram arrays.
 */
export class BoostingTreeGrower {
  private readonly histograms: GradientHistograms;
  /** Row numbers, partitioned in place so that every node owns a contiguous slice. */
  private readonly rowIndex: Int32Array;
  private readonly scratch: Int32Array;

  constructor(
    private readonly binned: BinnedFeatures,
    private readonly params: BoostingTreeParams,
  ) {
    // Open nodes hold a histogram each, and there are never more of them than leaves.
    this.histograms = new GradientHistograms(binned, params.maxLeafNodes);
    this.rowIndex = this.histograms.rowIndex;
    this.scratch = new Int32Array(binned.rows);
  }

  /**
   * Grows one tree on the gradients and hessians of all rows and adds its leaf values to
   * column `column` of the row-major raw predictions (rows × width), without walking it.
   */
  grow(
    gradients: Float32Array,
    hessians: Float32Array,
    raw: Float64Array,
    width: number,
    column: number,
  ): Tree {
    const { rowIndex, params } = this;
    fillAscending(rowIndex);
    const builder = new TreeBuilder(1);
    const leaves: GrowingNode[] = [];
    const splittable: GrowingNode[] = [];
    const root: GrowingNode = {
      id: 0,
      start: 0,
      end: rowIndex.length,
      sumGradient: sum(gradients),
      sumHessian: sum(hessians),
      value: 0,
      histogram: null,
      split: null,
    };
    if (this.canSplit(root)) {
      root.histogram = this.histograms.acquire();
      this.histograms.fillRoot(root.histogram, gradients, hessians);
      this.findSplit(root, splittable, leaves);
    } else {
      leaves.push(root);
    }
    let leafCount = 1;
    while (splittable.length > 0) {
      const node = popLargestGain(splittable);
      const children = this.split(node, builder);
      leafCount++;
      if (leafCount === params.maxLeafNodes) {
        // The last split allowed: every open node becomes a leaf.
        leaves.push(...children, ...splittable.splice(0));
        this.release(node);
        break;
      }
      const open = children.filter((child) => this.canSplit(child));
      leaves.push(...children.filter((child) => !open.includes(child)));
      if (open.length === 0) {
        this.release(node);
        continue;
      }
      this.fillChildHistograms(node, children, gradients, hessians);
      for (const child of children) {
        if (open.includes(child)) this.findSplit(child, splittable, leaves);
        else this.release(child);
      }
    }
    for (const leaf of leaves) {
      this.release(leaf);
      this.applyLeaf(leaf, builder, raw, width, column);
    }
    return builder.build();
  }

  private canSplit(node: GrowingNode): boolean {
    return (
      node.end - node.start >= 2 * this.params.minSamplesLeaf &&
      node.sumHessian >= this.params.minHessianToSplit
    );
  }

  private findSplit(node: GrowingNode, splittable: GrowingNode[], leaves: GrowingNode[]): void {
    node.split = findBoostingSplit(
      node.histogram!,
      this.histograms.offsets,
      node.end - node.start,
      node.sumGradient,
      node.sumHessian,
      node.value,
      this.params,
    );
    if (node.split) {
      splittable.push(node);
    } else {
      this.release(node);
      leaves.push(node);
    }
  }

  /** Partitions the node's rows (stable: left rows first) and adds its two children. */
  private split(node: GrowingNode, builder: TreeBuilder): [GrowingNode, GrowingNode] {
    const split = node.split!;
    const { bins, rows, edges } = this.binned;
    const left = partitionRows(
      this.rowIndex,
      this.scratch,
      bins.subarray(split.feature * rows, (split.feature + 1) * rows),
      split.bin,
      node.start,
      node.end,
    );
    this.rowIndex.set(this.scratch.subarray(0, node.end - left), left);
    const id = builder.split(node.id, split.feature, edges[split.feature]![split.bin]!);
    const child = (
      childId: number,
      start: number,
      end: number,
      sumGradient: number,
      sumHessian: number,
    ): GrowingNode => ({
      id: childId,
      start,
      end,
      sumGradient,
      sumHessian,
      value: leafValue(sumGradient, sumHessian, this.params.l2Regularization),
      histogram: null,
      split: null,
    });
    const leftGradient = split.leftGradient;
    const leftHessian = split.leftHessian;
    return [
      child(id, node.start, left, leftGradient, leftHessian),
      child(id + 1, left, node.end, node.sumGradient - leftGradient, node.sumHessian - leftHessian),
    ];
  }

  /** Builds the smaller child from its rows; the larger takes the parent's array, minus it. */
  private fillChildHistograms(
    parent: GrowingNode,
    [left, right]: readonly [GrowingNode, GrowingNode],
    gradients: Float32Array,
    hessians: Float32Array,
  ): void {
    const [small, large] =
      left.end - left.start < right.end - right.start ? [left, right] : [right, left];
    small.histogram = this.histograms.acquire();
    this.histograms.fillRows(small.histogram, small.start, small.end, gradients, hessians);
    subtractInPlace(parent.histogram!, small.histogram);
    large.histogram = parent.histogram;
    parent.histogram = null;
  }

  private applyLeaf(
    leaf: GrowingNode,
    builder: TreeBuilder,
    raw: Float64Array,
    width: number,
    column: number,
  ): void {
    // The Newton step, then the shrinkage, in scikit-learn's order; a root that could not
    // be split is worth 0 (scikit-learn's root value), so such a tree changes nothing.
    const value = leaf.value * this.params.learningRate;
    builder.setValue(leaf.id, [value]);
    for (let i = leaf.start; i < leaf.end; i++) raw[this.rowIndex[i]! * width + column]! += value;
  }

  private release(node: GrowingNode): void {
    if (node.histogram) this.histograms.release(node.histogram);
    node.histogram = null;
  }
}

/** Removes and returns the node of largest gain; ties go to the earlier-created node. */
function popLargestGain(nodes: GrowingNode[]): GrowingNode {
  let best = 0;
  for (let i = 1; i < nodes.length; i++) {
    const gain = nodes[i]!.split!.gain;
    const bestGain = nodes[best]!.split!.gain;
    if (gain > bestGain || (gain === bestGain && nodes[i]!.id < nodes[best]!.id)) best = i;
  }
  return nodes.splice(best, 1)[0]!;
}

/**
 * Moves the rows of rowIndex[start, end) whose bin in `column` is <= splitBin to its front,
 * in order, and the others, in order, to the front of scratch; returns the number of the
 * first. A function with no code after its loop, for V8 (see addFourFeatures).
 */
function partitionRows(
  rowIndex: Int32Array,
  scratch: Int32Array,
  column: Uint8Array,
  splitBin: number,
  start: number,
  end: number,
): number {
  let left = start;
  let right = 0;
  // Branch-free: a row's side is as good as random, so an if/else would be mispredicted
  // half the time. Each row is written to both buffers and only one cursor advances
  // (goesLeft is 1 when bin <= splitBin, from the sign bit): measured 3× faster.
  for (let i = start; i < end; i++) {
    const r = rowIndex[i]!;
    const goesLeft = ((splitBin - column[r]!) >> 31) + 1;
    rowIndex[left] = r;
    scratch[right] = r;
    left += goesLeft;
    right += 1 - goesLeft;
  }
  return left;
}

function fillAscending(rowIndex: Int32Array): void {
  for (let r = 0; r < rowIndex.length; r++) rowIndex[r] = r;
}

function sum(values: Float32Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total;
}
