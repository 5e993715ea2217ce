import { availableParallelism } from "node:os";
import {
  checkInteger,
  type DecisionTreeOptions,
  type TreeSettings,
  treeSettings,
} from "./tree-options.ts";

/** A random forest's settings; names and defaults as scikit-learn's RandomForest*. */
export interface RandomForestOptions extends DecisionTreeOptions {
  /** Trees in the forest (default 100). */
  readonly nEstimators?: number;
  /** Threads growing trees; 1 grows them on the calling thread (default: all cores). */
  readonly threads?: number;
}

export interface ForestSettings extends TreeSettings {
  readonly treeCount: number;
  readonly threads: number;
}

export function forestSettings(
  options: RandomForestOptions,
  featureCount: number,
  defaultMaxFeatures: "sqrt" | number,
): ForestSettings {
  return {
    ...treeSettings(options, featureCount, defaultMaxFeatures),
    treeCount: checkInteger("nEstimators", options.nEstimators ?? 100, 1),
    threads: checkInteger("threads", options.threads ?? availableParallelism(), 1),
  };
}
