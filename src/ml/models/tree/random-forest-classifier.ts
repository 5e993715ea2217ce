import { readEnvelope } from "../../json-format.ts";
import { createMatrix, type Matrix } from "../../matrix.ts";
import type { Classifier } from "../estimator.ts";
import { argmaxAt } from "../linear/argmax-rows.ts";
import { argmaxRows } from "./argmax-rows.ts";
import { checkFeatures, checkTrainingRows } from "./check-features.ts";
import { fitForest } from "./fit-forest.ts";
import { addForestRow, type FlatForest, flattenTrees } from "./flat-forest.ts";
import { forestSettings, type RandomForestOptions } from "./forest-options.ts";
import { addTreeValues, type Tree } from "./tree.ts";
import { readClasses, readFeatureCount, readTrees, treeToJSON } from "./tree-json.ts";
import { type ClassLabel, encodeClasses } from "./training-target.ts";

const envelope = { format: "conveyor.random-forest-classifier", version: 1 } as const;

/**
 * scikit-learn's RandomForestClassifier: bootstrapped Gini trees grown to purity on "sqrt"
 * of the features per split, averaging the trees' class probabilities.
 */
export class RandomForestClassifier implements Classifier {
  readonly kind = "random-forest-classifier";
  private readonly flat: FlatForest;

  private constructor(
    readonly classes: readonly ClassLabel[],
    readonly featureCount: number,
    private readonly trees: readonly Tree[],
  ) {
    this.flat = flattenTrees(trees);
  }

  static async fit(
    x: Matrix,
    y: ArrayLike<ClassLabel | null>,
    options: RandomForestOptions = {},
  ): Promise<RandomForestClassifier> {
    checkTrainingRows(x, y.length);
    const { classes, classIndex } = encodeClasses(y);
    const settings = forestSettings(options, x.cols, "sqrt");
    const target = { kind: "classification", classIndex, classCount: classes.length } as const;
    return new RandomForestClassifier(classes, x.cols, await fitForest(x, target, settings));
  }

  static fromJSON(json: unknown): RandomForestClassifier {
    const record = readEnvelope(json, envelope);
    const featureCount = readFeatureCount(record);
    const classes = readClasses(record);
    return new RandomForestClassifier(
      classes,
      featureCount,
      readTrees(record, featureCount, classes.length),
    );
  }

  get treeCount(): number {
    return this.trees.length;
  }

  predictProba(x: Matrix): Matrix {
    checkFeatures(x, this.featureCount);
    const width = this.classes.length;
    const sums = new Float64Array(x.rows * width);
    for (const tree of this.trees) addTreeValues(tree, x, sums, width);
    for (let i = 0; i < sums.length; i++) sums[i]! /= this.trees.length;
    return createMatrix(x.rows, width, sums);
  }

  predict(x: Matrix): Int32Array {
    return argmaxRows(this.predictProba(x));
  }

  predictRow(row: Float64Array, probabilities: Float64Array): number {
    const width = this.classes.length;
    probabilities.fill(0, 0, width);
    addForestRow(this.flat, row, probabilities);
    for (let k = 0; k < width; k++) probabilities[k]! /= this.trees.length;
    return argmaxAt(probabilities, 0, width);
  }

  toJSON() {
    return {
      ...envelope,
      classes: [...this.classes],
      featureCount: this.featureCount,
      trees: this.trees.map(treeToJSON),
    };
  }
}
