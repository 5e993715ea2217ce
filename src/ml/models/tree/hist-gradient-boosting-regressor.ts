import { readEnvelope, readNumbers } from "../../json-format.ts";
import type { Matrix } from "../../matrix.ts";
import type { Regressor } from "../estimator.ts";
import { halfSquaredError } from "./boosting-loss.ts";
import { boostingSettings, type HistGradientBoostingOptions } from "./boosting-options.ts";
import { checkFeatures, checkTrainingRows } from "./check-features.ts";
import { fitBoosting } from "./fit-boosting.ts";
import { addForestRow, type FlatForest, flattenTrees } from "./flat-forest.ts";
import { rawPredictions } from "./raw-predictions.ts";
import type { Tree } from "./tree.ts";
import { readFeatureCount, readTrees, treeToJSON } from "./tree-json.ts";
import { regressionTarget } from "./training-target.ts";

const envelope = { format: "conveyor.hist-gradient-boosting-regressor", version: 1 } as const;

/** scikit-learn's HistGradientBoostingRegressor with its default squared error loss. */
export class HistGradientBoostingRegressor implements Regressor {
  readonly kind = "hist-gradient-boosting-regressor";
  private readonly flat: FlatForest;
  /** predictRow's raw score, kept so that scoring a row allocates nothing. */
  private readonly rowRaw = new Float64Array(1);

  private constructor(
    readonly featureCount: number,
    private readonly baseline: Float64Array,
    private readonly trees: readonly Tree[],
  ) {
    this.flat = flattenTrees(trees);
  }

  static fit(
    x: Matrix,
    y: ArrayLike<number>,
    options: HistGradientBoostingOptions = {},
  ): HistGradientBoostingRegressor {
    checkTrainingRows(x, y.length);
    const settings = boostingSettings(options, x.rows);
    const { baseline, trees } = fitBoosting(x, regressionTarget(y), halfSquaredError, settings);
    return new HistGradientBoostingRegressor(x.cols, baseline, trees);
  }

  static fromJSON(json: unknown): HistGradientBoostingRegressor {
    const record = readEnvelope(json, envelope);
    const featureCount = readFeatureCount(record);
    const baseline = readNumbers(record, "baseline", 1);
    return new HistGradientBoostingRegressor(
      featureCount,
      baseline,
      readTrees(record, featureCount, 1),
    );
  }

  /** Boosting iterations run (fewer than maxIter when early stopping stopped them). */
  get iterationCount(): number {
    return this.trees.length;
  }

  predict(x: Matrix): Float64Array {
    checkFeatures(x, this.featureCount);
    return rawPredictions(this.baseline, this.trees, x);
  }

  predictRow(row: Float64Array): number {
    this.rowRaw[0] = this.baseline[0]!;
    addForestRow(this.flat, row, this.rowRaw);
    return this.rowRaw[0]!;
  }

  toJSON() {
    return {
      ...envelope,
      featureCount: this.featureCount,
      baseline: Array.from(this.baseline),
      trees: this.trees.map(treeToJSON),
    };
  }
}
