import { readEnvelope, readNumbers } from "../../json-format.ts";
import { createMatrix, type Matrix } from "../../matrix.ts";
import type { Classifier } from "../estimator.ts";
import { argmaxAt } from "../linear/argmax-rows.ts";
import { argmaxRows } from "./argmax-rows.ts";
import { binaryLogLoss, multinomialLogLoss, sigmoid, softmax } from "./boosting-loss.ts";
import { boostingSettings, type HistGradientBoostingOptions } from "./boosting-options.ts";
import { checkFeatures, checkTrainingRows } from "./check-features.ts";
import { fitBoosting } from "./fit-boosting.ts";
import { addForestRow, type FlatForest, flattenTrees } from "./flat-forest.ts";
import { rawPredictions } from "./raw-predictions.ts";
import type { Tree } from "./tree.ts";
import { readClasses, readFeatureCount, readTrees, treeToJSON } from "./tree-json.ts";
import { type ClassLabel, encodeClasses } from "./training-target.ts";

const envelope = { format: "conveyor.hist-gradient-boosting-classifier", version: 1 } as const;

/**
 * scikit-learn's HistGradientBoostingClassifier: binary log-loss with one tree per
 * iteration, or softmax with one tree per class per iteration.
 */
export class HistGradientBoostingClassifier implements Classifier {
  readonly kind = "hist-gradient-boosting-classifier";
  /** For each raw score (one, or one per class), its trees in iteration order. */
  private readonly flat: readonly FlatForest[];
  /** predictRow's raw scores, kept so that scoring a row allocates nothing. */
  private readonly rowRaw: Float64Array;

  private constructor(
    readonly classes: readonly ClassLabel[],
    readonly featureCount: number,
    private readonly baseline: Float64Array,
    private readonly trees: readonly Tree[],
  ) {
    const width = baseline.length;
    this.flat = Array.from(baseline, (_, k) => flattenTrees(trees.filter((_, i) => i % width === k)));
    this.rowRaw = new Float64Array(baseline.length);
  }

  static fit(
    x: Matrix,
    y: ArrayLike<ClassLabel | null>,
    options: HistGradientBoostingOptions = {},
  ): HistGradientBoostingClassifier {
    checkTrainingRows(x, y.length);
    const { classes, classIndex } = encodeClasses(y);
    const loss = classes.length === 2 ? binaryLogLoss : multinomialLogLoss(classes.length);
    const settings = boostingSettings(options, x.rows);
    const { baseline, trees } = fitBoosting(x, classIndex, loss, settings);
    return new HistGradientBoostingClassifier(classes, x.cols, baseline, trees);
  }

  static fromJSON(json: unknown): HistGradientBoostingClassifier {
    const record = readEnvelope(json, envelope);
    const featureCount = readFeatureCount(record);
    const classes = readClasses(record);
    const width = classes.length === 2 ? 1 : classes.length;
    const baseline = readNumbers(record, "baseline", width);
    const trees = readTrees(record, featureCount, 1, width);
    return new HistGradientBoostingClassifier(classes, featureCount, baseline, trees);
  }

  /** Boosting iterations run (fewer than maxIter when early stopping stopped them). */
  get iterationCount(): number {
    return this.trees.length / this.baseline.length;
  }

  predictProba(x: Matrix): Matrix {
    checkFeatures(x, this.featureCount);
    const raw = rawPredictions(this.baseline, this.trees, x);
    const k = this.classes.length;
    const probabilities = createMatrix(x.rows, k);
    for (let row = 0; row < x.rows; row++) rawToProbabilities(raw, row * this.baseline.length, probabilities.data, row * k, k);
    return probabilities;
  }

  predict(x: Matrix): Int32Array {
    return argmaxRows(this.predictProba(x));
  }

  predictRow(row: Float64Array, probabilities: Float64Array): number {
    const raw = this.rowRaw;
    raw.set(this.baseline);
    for (let c = 0; c < this.flat.length; c++) addForestRow(this.flat[c]!, row, raw, c);
    const k = this.classes.length;
    rawToProbabilities(raw, 0, probabilities, 0, k);
    return argmaxAt(probabilities, 0, k);
  }

  toJSON() {
    return {
      ...envelope,
      classes: [...this.classes],
      featureCount: this.featureCount,
      baseline: Array.from(this.baseline),
      trees: this.trees.map(treeToJSON),
    };
  }
}

/** One row's k class probabilities from its raw scores: a sigmoid of the one score for two classes, else a softmax. */
function rawToProbabilities(raw: Float64Array, rawAt: number, out: Float64Array, outAt: number, k: number): void {
  if (k === 2) {
    const p = sigmoid(raw[rawAt]!);
    out[outAt] = 1 - p;
    out[outAt + 1] = p;
  } else {
    softmax(raw, rawAt, out, outAt, k);
  }
}
