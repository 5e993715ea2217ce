import { ConveyorError } from "../../../errors.ts";
import type { DecisionTreeParams } from "./tree-target.ts";

/** A CART tree's settings; names and defaults as scikit-learn's DecisionTree*. */
export interface DecisionTreeOptions {
  /** Deepest level a tree may reach (default: no limit). */
  readonly maxDepth?: number;
  /** Fewest training rows in a leaf (default 1). */
  readonly minSamplesLeaf?: number;
  /**
   * Candidate features per split: "sqrt" or "log2" of the feature count, or a fraction in
   * (0, 1] of it. Default: all for a single tree and for a regression forest, "sqrt" for a
   * classification forest.
   */
  readonly maxFeatures?: "sqrt" | "log2" | number;
  /**
   * Bins per feature: features with more distinct values share maxBins quantile bins, which
   * trains faster on large data but may only split between bins. Default: none, a tree may
   * split between any two values, as scikit-learn's.
   */
  readonly maxBins?: number;
  /** Seed of all randomness: the same seed gives the same model (default 0). */
  readonly seed?: number;
}

export interface TreeSettings {
  readonly params: DecisionTreeParams;
  /** Infinity for a bin per distinct value. */
  readonly maxBins: number;
  readonly seed: number;
}

export function treeSettings(
  options: DecisionTreeOptions,
  featureCount: number,
  defaultMaxFeatures: "sqrt" | number,
): TreeSettings {
  const maxDepth = options.maxDepth ?? Infinity;
  if (maxDepth !== Infinity) checkInteger("maxDepth", maxDepth, 1);
  const maxBins = options.maxBins ?? Infinity;
  if (maxBins !== Infinity) checkInteger("maxBins", maxBins, 2);
  return {
    params: {
      maxDepth,
      minSamplesLeaf: checkInteger("minSamplesLeaf", options.minSamplesLeaf ?? 1, 1),
      maxFeatures: featuresPerSplit(options.maxFeatures ?? defaultMaxFeatures, featureCount),
    },
    maxBins,
    seed: checkInteger("seed", options.seed ?? 0, 0, 0xffffffff),
  };
}

/** As scikit-learn: max(1, floor(...)) of sqrt, log2 or the fraction of the feature count. */
function featuresPerSplit(maxFeatures: "sqrt" | "log2" | number, featureCount: number): number {
  if (maxFeatures === "sqrt") return Math.max(1, Math.floor(Math.sqrt(featureCount)));
  if (maxFeatures === "log2") return Math.max(1, Math.floor(Math.log2(featureCount)));
  if (!(maxFeatures > 0 && maxFeatures <= 1)) {
    throw new ConveyorError(
      `maxFeatures is ${maxFeatures}`,
      'give "sqrt", "log2" or a fraction of the features in (0, 1]',
      "invalid_param",
    );
  }
  return Math.max(1, Math.floor(maxFeatures * featureCount));
}

export function checkInteger(name: string, value: number, min: number, max = Infinity): number {
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    const range = max === Infinity ? `at least ${min}` : `from ${min} to ${max}`;
    throw new ConveyorError(
      `${name} is ${value}`,
      `${name} must be an integer ${range}`,
      "invalid_param",
    );
  }
  return value;
}
