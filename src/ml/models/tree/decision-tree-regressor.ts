import { readEnvelope } from "../../json-format.ts";
import type { Matrix } from "../../matrix.ts";
import { seededRandom } from "../../random.ts";
import type { Regressor } from "../estimator.ts";
import { cartFeatures } from "./cart-features.ts";
import { float32Features } from "./float32-features.ts";
import { checkFeatures, checkTrainingRows } from "./check-features.ts";
import { addForestRow, type FlatForest, flattenTrees } from "./flat-forest.ts";
import { growDecisionTree } from "./grow-decision-tree.ts";
import { addTreeValues, type Tree } from "./tree.ts";
import { readFeatureCount, treeFromJSON, treeToJSON } from "./tree-json.ts";
import { type DecisionTreeOptions, treeSettings } from "./tree-options.ts";
import { regressionTarget } from "./training-target.ts";

const envelope = { format: "conveyor.decision-tree-regressor", version: 1 } as const;

/** scikit-learn's DecisionTreeRegressor (squared error, best splits), splitting between any two values. */
export class DecisionTreeRegressor implements Regressor {
  readonly kind = "decision-tree-regressor";
  private readonly flat: FlatForest;
  /** predictRow's sum, kept so that scoring a row allocates nothing. */
  private readonly rowSum = new Float64Array(1);

  private constructor(
    readonly featureCount: number,
    private readonly tree: Tree,
  ) {
    this.flat = flattenTrees([tree]);
  }

  static fit(
    x: Matrix,
    y: ArrayLike<number>,
    options: DecisionTreeOptions = {},
  ): DecisionTreeRegressor {
    checkTrainingRows(x, y.length);
    const { params, maxBins, seed } = treeSettings(options, x.cols, 1);
    const tree = growDecisionTree(
      cartFeatures(float32Features(x), maxBins),
      { kind: "regression", y: regressionTarget(y) },
      new Float64Array(x.rows).fill(1),
      params,
      seededRandom(seed),
    );
    return new DecisionTreeRegressor(x.cols, tree);
  }

  static fromJSON(json: unknown): DecisionTreeRegressor {
    const record = readEnvelope(json, envelope);
    const featureCount = readFeatureCount(record);
    return new DecisionTreeRegressor(featureCount, treeFromJSON(record.tree, featureCount, 1));
  }

  get nodeCount(): number {
    return this.tree.feature.length;
  }

  predict(x: Matrix): Float64Array {
    checkFeatures(x, this.featureCount);
    const predictions = new Float64Array(x.rows);
    addTreeValues(this.tree, x, predictions, 1);
    return predictions;
  }

  predictRow(row: Float64Array): number {
    this.rowSum[0] = 0;
    addForestRow(this.flat, row, this.rowSum);
    return this.rowSum[0]!;
  }

  toJSON() {
    return { ...envelope, featureCount: this.featureCount, tree: treeToJSON(this.tree) };
  }
}
