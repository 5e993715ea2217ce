import { readEnvelope } from "../../json-format.ts";
import type { Matrix } from "../../matrix.ts";
import type { Regressor } from "../estimator.ts";
import { checkFeatures, checkTrainingRows } from "./check-features.ts";
import { fitForest } from "./fit-forest.ts";
import { addForestRow, type FlatForest, flattenTrees } from "./flat-forest.ts";
import { forestSettings, type RandomForestOptions } from "./forest-options.ts";
import { addTreeValues, type Tree } from "./tree.ts";
import { readFeatureCount, readTrees, treeToJSON } from "./tree-json.ts";
import { regressionTarget } from "./training-target.ts";

const envelope = { format: "conveyor.random-forest-regressor", version: 1 } as const;

/**
 * scikit-learn's RandomForestRegressor: bootstrapped squared-error trees grown to purity on
 * all features per split, averaging the trees' predictions.
 */
export class RandomForestRegressor implements Regressor {
  readonly kind = "random-forest-regressor";
  private readonly flat: FlatForest;
  /** predictRow's sum, kept so that scoring a row allocates nothing. */
  private readonly rowSum = new Float64Array(1);

  private constructor(
    readonly featureCount: number,
    private readonly trees: readonly Tree[],
  ) {
    this.flat = flattenTrees(trees);
  }

  static async fit(
    x: Matrix,
    y: ArrayLike<number>,
    options: RandomForestOptions = {},
  ): Promise<RandomForestRegressor> {
    checkTrainingRows(x, y.length);
    const target = { kind: "regression", y: regressionTarget(y) } as const;
    const settings = forestSettings(options, x.cols, 1);
    return new RandomForestRegressor(x.cols, await fitForest(x, target, settings));
  }

  static fromJSON(json: unknown): RandomForestRegressor {
    const record = readEnvelope(json, envelope);
    const featureCount = readFeatureCount(record);
    return new RandomForestRegressor(featureCount, readTrees(record, featureCount, 1));
  }

  get treeCount(): number {
    return this.trees.length;
  }

  predict(x: Matrix): Float64Array {
    checkFeatures(x, this.featureCount);
    const sums = new Float64Array(x.rows);
    for (const tree of this.trees) addTreeValues(tree, x, sums, 1);
    for (let i = 0; i < sums.length; i++) sums[i]! /= this.trees.length;
    return sums;
  }

  predictRow(row: Float64Array): number {
    this.rowSum[0] = 0;
    addForestRow(this.flat, row, this.rowSum);
    return this.rowSum[0]! / this.trees.length;
  }

  toJSON() {
    return { ...envelope, featureCount: this.featureCount, trees: this.trees.map(treeToJSON) };
  }
}
