import { readEnvelope } from "../../json-format.ts";
import { createMatrix, type Matrix } from "../../matrix.ts";
import { seededRandom } from "../../random.ts";
import type { Classifier } from "../estimator.ts";
import { argmaxAt } from "../linear/argmax-rows.ts";
import { argmaxRows } from "./argmax-rows.ts";
import { cartFeatures } from "./cart-features.ts";
import { float32Features } from "./float32-features.ts";
import { checkFeatures, checkTrainingRows } from "./check-features.ts";
import { addForestRow, type FlatForest, flattenTrees } from "./flat-forest.ts";
import { growDecisionTree } from "./grow-decision-tree.ts";
import { addTreeValues, type Tree } from "./tree.ts";
import { readClasses, readFeatureCount, treeFromJSON, treeToJSON } from "./tree-json.ts";
import { type DecisionTreeOptions, treeSettings } from "./tree-options.ts";
import { type ClassLabel, encodeClasses } from "./training-target.ts";

const envelope = { format: "conveyor.decision-tree-classifier", version: 1 } as const;

/** scikit-learn's DecisionTreeClassifier (Gini, best splits), splitting between any two values. */
export class DecisionTreeClassifier implements Classifier {
  readonly kind = "decision-tree-classifier";
  private readonly flat: FlatForest;

  private constructor(
    readonly classes: readonly ClassLabel[],
    readonly featureCount: number,
    private readonly tree: Tree,
  ) {
    this.flat = flattenTrees([tree]);
  }

  static fit(
    x: Matrix,
    y: ArrayLike<ClassLabel | null>,
    options: DecisionTreeOptions = {},
  ): DecisionTreeClassifier {
    checkTrainingRows(x, y.length);
    const { classes, classIndex } = encodeClasses(y);
    const { params, maxBins, seed } = treeSettings(options, x.cols, 1);
    const tree = growDecisionTree(
      cartFeatures(float32Features(x), maxBins),
      { kind: "classification", classIndex, classCount: classes.length },
      new Float64Array(x.rows).fill(1),
      params,
      seededRandom(seed),
    );
    return new DecisionTreeClassifier(classes, x.cols, tree);
  }

  static fromJSON(json: unknown): DecisionTreeClassifier {
    const record = readEnvelope(json, envelope);
    const featureCount = readFeatureCount(record);
    const classes = readClasses(record);
    return new DecisionTreeClassifier(
      classes,
      featureCount,
      treeFromJSON(record.tree, featureCount, classes.length),
    );
  }

  get nodeCount(): number {
    return this.tree.feature.length;
  }

  predictProba(x: Matrix): Matrix {
    checkFeatures(x, this.featureCount);
    const probabilities = createMatrix(x.rows, this.classes.length);
    addTreeValues(this.tree, x, probabilities.data, this.classes.length);
    return probabilities;
  }

  predict(x: Matrix): Int32Array {
    return argmaxRows(this.predictProba(x));
  }

  predictRow(row: Float64Array, probabilities: Float64Array): number {
    const width = this.classes.length;
    probabilities.fill(0, 0, width);
    addForestRow(this.flat, row, probabilities);
    return argmaxAt(probabilities, 0, width);
  }

  toJSON() {
    return {
      ...envelope,
      classes: [...this.classes],
      featureCount: this.featureCount,
      tree: treeToJSON(this.tree),
    };
  }
}
