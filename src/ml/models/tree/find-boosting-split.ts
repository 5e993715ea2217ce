/** The best split of a boosting tree node, and the gradient sums of its left side. */
export interface BoostingSplit {
  readonly gain: number;
  readonly feature: number;
  /** Bins <= bin go left. */
  readonly bin: number;
  readonly leftGradient: number;
  readonly leftHessian: number;
  readonly leftCount: number;
}

export interface SplitConstraints {
  readonly minSamplesLeaf: number;
  readonly minHessianToSplit: number;
  readonly l2Regularization: number;
}

/**
 * Scans every feature's histogram left to right for the split with the largest positive
 * gain, as scikit-learn's HistGradientBoosting splitter. The gain is the loss reduction of a
 * Newton step on each side, G²/(H+λ) summed over the sides minus the node's own, computed in
 * scikit-learn's order of operations (as leafLoss(node) − leafLoss(left) − leafLoss(right)
 * with the node's loss from its stored value, 0 at the root): on a pure node every split's
 * true gain is 0, and only the same rounding makes the same near-zero splits as scikit-learn.
 * Each side needs minSamplesLeaf rows and minHessianToSplit hessian. null when nothing gains.
 */
export function findBoostingSplit(
  histogram: Float64Array,
  offsets: Int32Array,
  count: number,
  sumGradient: number,
  sumHessian: number,
  nodeValue: number,
  constraints: SplitConstraints,
): BoostingSplit | null {
  const { minSamplesLeaf, minHessianToSplit, l2Regularization: l2 } = constraints;
  const nodeLoss = sumGradient * nodeValue;
  let best: BoostingSplit | null = null;
  let bestGain = 0;
  for (let f = 0; f + 1 < offsets.length; f++) {
    const first = offsets[f]!;
    let gradientLeft = 0;
    let hessianLeft = 0;
    let countLeft = 0;
    // The last bin cannot be a split point: nothing would go right.
    for (let b = first; b < offsets[f + 1]! - 1; b++) {
      gradientLeft += histogram[b * 3]!;
      hessianLeft += histogram[b * 3 + 1]!;
      const binCount = histogram[b * 3 + 2]!;
      countLeft += binCount;
      // An empty bin splits the rows as the bin before it, which was weighed already (its
      // sums differ at most by the rounding left by subtractInPlace): a small node's rows
      // fill few of the 255 bins, so this skips most of its gains and their divisions.
      if (binCount === 0) continue;
      if (countLeft < minSamplesLeaf) continue;
      if (count - countLeft < minSamplesLeaf) break;
      if (hessianLeft < minHessianToSplit) continue;
      const hessianRight = sumHessian - hessianLeft;
      if (hessianRight < minHessianToSplit) break;
      const gradientRight = sumGradient - gradientLeft;
      const gain =
        nodeLoss -
        gradientLeft * leafValue(gradientLeft, hessianLeft, l2) -
        gradientRight * leafValue(gradientRight, hessianRight, l2);
      if (gain > bestGain) {
        bestGain = gain;
        best = {
          gain,
          feature: f,
          bin: b - first,
          leftGradient: gradientLeft,
          leftHessian: hessianLeft,
          leftCount: countLeft,
        };
      }
    }
  }
  return best;
}

/**
 * The Newton step −G/(H+λ) of a leaf, before shrinkage. The 1e-15, as scikit-learn's, keeps
 * a leaf of zero hessian finite.
 */
export function leafValue(sumGradient: number, sumHessian: number, l2: number): number {
  return -sumGradient / (sumHessian + l2 + 1e-15);
}
