import { ConveyorError } from "../../errors.ts";
import type { Matrix } from "../matrix.ts";
import { accuracy, type Average, balancedAccuracy, f1, precision, recall, rocAuc } from "../metrics/classification.ts";
import { logLoss } from "../metrics/log-loss.ts";
import {
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  r2,
  rootMeanSquaredError,
} from "../metrics/regression.ts";
import { rocAucOvr } from "../metrics/roc-auc-ovr.ts";
import type { Classifier, Regressor } from "../models/estimator.ts";
import { classIndices, type LabelValues } from "../transforms/class-labels.ts";

/**
 * A metric chosen by its scikit-learn scoring name, oriented so that greater is better
 * (errors and losses are negated, "neg_…"), as tuning maximises it. For classifiers the
 * true labels are mapped to the model's class indices; binary metrics take the second class
 * (classes[1], label 1 for 0/1 labels) as positive.
 */
export type Scorer =
  | { readonly task: "classification"; score(model: Classifier, x: Matrix, y: LabelValues): number }
  | { readonly task: "regression"; score(model: Regressor, x: Matrix, y: Float64Array): number };

type LabelMetric = (yTrue: ArrayLike<number>, yPred: ArrayLike<number>, average?: Average) => number;
type ValueMetric = (yTrue: ArrayLike<number>, yPred: ArrayLike<number>) => number;

const scorers: Readonly<Record<string, Scorer>> = {
  accuracy: byLabel(accuracy),
  balanced_accuracy: byLabel(balancedAccuracy),
  precision: byLabel(precision, "binary"),
  recall: byLabel(recall, "binary"),
  f1: byLabel(f1, "binary"),
  precision_macro: byLabel(precision, "macro"),
  recall_macro: byLabel(recall, "macro"),
  f1_macro: byLabel(f1, "macro"),
  precision_weighted: byLabel(precision, "weighted"),
  recall_weighted: byLabel(recall, "weighted"),
  f1_weighted: byLabel(f1, "weighted"),
  roc_auc: {
    task: "classification",
    score: (model, x, y) => {
      if (model.classes.length !== 2) {
        throw new ConveyorError(
          `"roc_auc" scores two classes, the model has ${model.classes.length}`,
          `use "roc_auc_ovr" for more than two classes`,
          "invalid_param",
        );
      }
      const proba = model.predictProba(x);
      return rocAuc(classIndices(y, model.classes), Float64Array.from({ length: x.rows }, (_, i) => proba.data[2 * i + 1]!));
    },
  },
  roc_auc_ovr: {
    task: "classification",
    score: (model, x, y) => rocAucOvr(classIndices(y, model.classes), model.predictProba(x)),
  },
  neg_log_loss: {
    task: "classification",
    score: (model, x, y) => -logLoss(classIndices(y, model.classes), model.predictProba(x)),
  },
  r2: byValue(r2, 1),
  neg_mean_squared_error: byValue(meanSquaredError, -1),
  neg_root_mean_squared_error: byValue(rootMeanSquaredError, -1),
  neg_mean_absolute_error: byValue(meanAbsoluteError, -1),
  neg_mean_absolute_percentage_error: byValue(meanAbsolutePercentageError, -1),
};

export function scorer(name: string): Scorer {
  const found = Object.hasOwn(scorers, name) ? scorers[name] : undefined;
  if (found) return found;
  throw new ConveyorError(
    `unknown scoring ${JSON.stringify(name)}`,
    `use one of ${Object.keys(scorers).map((s) => `"${s}"`).join(", ")}`,
    "invalid_param",
  );
}

function byLabel(metric: LabelMetric, average?: Average): Scorer {
  return {
    task: "classification",
    score: (model, x, y) => metric(classIndices(y, model.classes), model.predict(x), average),
  };
}

function byValue(metric: ValueMetric, sign: 1 | -1): Scorer {
  return { task: "regression", score: (model, x, y) => sign * metric(y, model.predict(x)) };
}
