import { isConveyorError } from "../../errors.ts";
import type { Matrix } from "../matrix.ts";
import { accuracy, balancedAccuracy, f1, precision, recall, rocAuc } from "../metrics/classification.ts";
import { logLoss } from "../metrics/log-loss.ts";
import { precisionRecallCurve } from "../metrics/precision-recall-curve.ts";
import { rocAucOvr } from "../metrics/roc-auc-ovr.ts";
import { rocCurve } from "../metrics/roc-curve.ts";
import { argmaxRows } from "../models/linear/argmax-rows.ts";
import type { ClassLabel } from "../transforms/class-labels.ts";

/** The ROC and precision-recall curves of one class against the rest. */
export interface ClassCurves {
  readonly label: ClassLabel;
  readonly roc: { fpr: number[]; tpr: number[]; thresholds: number[] };
  readonly precisionRecall: { precision: number[]; recall: number[]; thresholds: number[] };
}

export interface ClassificationEvaluation {
  readonly task: "classification";
  readonly rows: number;
  readonly classes: readonly ClassLabel[];
  /** Each metric by name; a metric the data cannot define (see `unavailable`) is left out. */
  readonly scores: Record<string, number>;
  /** Why a metric is missing from `scores`, e.g. ROC AUC when a class has no rows. */
  readonly unavailable: Record<string, string>;
  /** matrix[i][j]: rows of class labels[i] predicted as labels[j], over every class the model knows. */
  readonly confusionMatrix: { labels: ClassLabel[]; matrix: number[][] };
  /** Binary: the positive class (classes[1]); more classes: each one against the rest. */
  readonly curves: ClassCurves[];
}

/**
 * Every classification metric of issue 3, with scikit-learn's definitions, from the true
 * class indices and the predicted probabilities (columns in `classes` order). Binary
 * precision, recall and F1 take classes[1] as the positive class, as scikit-learn does for
 * labels 0 and 1; ROC AUC is binary or one-vs-rest macro.
 */
export function evaluateClassification(
  yTrue: Int32Array,
  proba: Matrix,
  classes: readonly ClassLabel[],
): ClassificationEvaluation {
  const yPred = argmaxRows(proba);
  const scores: Record<string, number> = {
    accuracy: accuracy(yTrue, yPred),
    balancedAccuracy: balancedAccuracy(yTrue, yPred),
  };
  if (classes.length === 2) {
    scores.precision = precision(yTrue, yPred);
    scores.recall = recall(yTrue, yPred);
    scores.f1 = f1(yTrue, yPred);
  }
  for (const average of ["macro", "weighted"] as const) {
    const suffix = average === "macro" ? "Macro" : "Weighted";
    scores[`precision${suffix}`] = precision(yTrue, yPred, average);
    scores[`recall${suffix}`] = recall(yTrue, yPred, average);
    scores[`f1${suffix}`] = f1(yTrue, yPred, average);
  }
  const unavailable: Record<string, string> = {};
  const attempt = (name: string, metric: () => number) => {
    try {
      scores[name] = metric();
    } catch (error) {
      if (!isConveyorError(error)) throw error;
      unavailable[name] = error.message;
    }
  };
  attempt("rocAuc", () => (classes.length === 2 ? rocAuc(yTrue, column(proba, 1)) : rocAucOvr(yTrue, proba)));
  attempt("logLoss", () => logLoss(yTrue, proba));
  return {
    task: "classification",
    rows: yTrue.length,
    classes,
    scores,
    unavailable,
    confusionMatrix: { labels: [...classes], matrix: confusion(yTrue, yPred, classes.length) },
    curves: curves(yTrue, proba, classes),
  };
}

function curves(yTrue: Int32Array, proba: Matrix, classes: readonly ClassLabel[]): ClassCurves[] {
  const scored = classes.length === 2 ? [1] : classes.map((_, c) => c);
  return scored.flatMap((c) => {
    const isClass = Float64Array.from(yTrue, (label) => (label === c ? 1 : 0));
    // A class with no rows, or with every row, has no curve: there is nothing to trade off.
    if (!isClass.includes(1) || !isClass.includes(0)) return [];
    const scores = column(proba, c);
    const roc = rocCurve(isClass, scores);
    const pr = precisionRecallCurve(isClass, scores);
    return [
      {
        label: classes[c]!,
        roc: { fpr: Array.from(roc.fpr), tpr: Array.from(roc.tpr), thresholds: Array.from(roc.thresholds) },
        precisionRecall: {
          precision: Array.from(pr.precision),
          recall: Array.from(pr.recall),
          thresholds: Array.from(pr.thresholds),
        },
      },
    ];
  });
}

function confusion(yTrue: Int32Array, yPred: Int32Array, classCount: number): number[][] {
  const matrix = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  for (let i = 0; i < yTrue.length; i++) matrix[yTrue[i]!]![yPred[i]!]!++;
  return matrix;
}

function column(m: Matrix, c: number): Float64Array {
  return Float64Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + c]!);
}
