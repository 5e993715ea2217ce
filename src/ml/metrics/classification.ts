import { ConveyorError } from "../../errors.ts";
import { type LabelCount, labelCounts } from "./label-counts.ts";

// Binary metrics treat label 1 as the positive class. Where scikit-learn would divide by
// zero (no predicted or no actual positives) the metric is 0, its zero_division default.

export interface ConfusionMatrix {
  /** Every label seen in either argument, ascending: the row and column order. */
  readonly labels: number[];
  /** matrix[i][j]: rows whose true label is labels[i] and predicted label labels[j]. */
  readonly matrix: number[][];
}

export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkLengths(yTrue, yPred);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}

/**
 * How per-label scores combine, as scikit-learn's `average`: "binary" scores label 1 alone
 * (labels must be 0 and 1); "macro" is the unweighted mean over every label in either
 * argument; "weighted" weights that mean by each label's true count.
 */
export type Average = "binary" | "macro" | "weighted";

export function precision(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, average: Average = "binary"): number {
  return averaged(yTrue, yPred, average, ({ tp, fp }) => ratio(tp, tp + fp));
}

export function recall(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, average: Average = "binary"): number {
  return averaged(yTrue, yPred, average, ({ tp, fn }) => ratio(tp, tp + fn));
}

export function f1(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, average: Average = "binary"): number {
  return averaged(yTrue, yPred, average, ({ tp, fp, fn }) => ratio(2 * tp, 2 * tp + fp + fn));
}

/** The mean recall over the labels present in yTrue: accuracy that a majority class cannot inflate. */
export function balancedAccuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkLengths(yTrue, yPred);
  const present = labelCounts(yTrue, yPred).filter((c) => c.support > 0);
  return present.reduce((sum, c) => sum + c.tp / c.support, 0) / present.length;
}

export function confusionMatrix(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
): ConfusionMatrix {
  checkLengths(yTrue, yPred);
  const labels = [...new Set([...Array.from(yTrue), ...Array.from(yPred)])].sort((a, b) => a - b);
  const index = new Map(labels.map((label, i) => [label, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  for (let i = 0; i < yTrue.length; i++) {
    const row = matrix[index.get(yTrue[i]!)!]!;
    const column = index.get(yPred[i]!)!;
    row[column] = row[column]! + 1;
  }
  return { labels, matrix };
}

/**
 * Area under the ROC curve for label 1 scored by `scores`: the probability that a random
 * positive outscores a random negative, a tie counting one half. This equals scikit-learn's
 * roc_auc_score, whose trapezoids over tied scores give the same half credit.
 * Hand-written numeric kernel: one sort, then one pass averaging the ranks of tied scores.
 */
export function rocAuc(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number {
  checkLengths(yTrue, scores);
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) throw new RangeError(`score ${i} is NaN`);
  }
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => scores[a]! - scores[b]!,
  );
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) {
      if (yTrue[order[k]!] === 1) {
        positives++;
        positiveRankSum += averageRank;
      }
    }
    start = end;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new ConveyorError(
      "ROC AUC is undefined when only one class is present",
      "evaluate on rows of both classes",
      "invalid_data",
    );
  }
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

function averaged(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  average: Average,
  score: (count: LabelCount) => number,
): number {
  checkLengths(yTrue, yPred);
  const counts = labelCounts(yTrue, yPred);
  if (average === "binary") {
    const other = counts.find((c) => c.label !== 0 && c.label !== 1);
    if (other) {
      throw new ConveyorError(
        `average "binary" scores labels 0 and 1, but label ${other.label} occurs`,
        `use average "macro" or "weighted" for more than two classes`,
        "invalid_param",
      );
    }
    return score(counts.find((c) => c.label === 1) ?? { label: 1, tp: 0, fp: 0, fn: 0, support: 0 });
  }
  if (average === "macro") return counts.reduce((sum, c) => sum + score(c), 0) / counts.length;
  if (average === "weighted") return counts.reduce((sum, c) => sum + score(c) * c.support, 0) / yTrue.length;
  throw new ConveyorError(`unknown average ${JSON.stringify(average)}`, `use "binary", "macro" or "weighted"`, "invalid_param");
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function checkLengths(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length)
    throw new RangeError(`${a.length} true labels but ${b.length} predictions`);
  if (a.length === 0) throw new RangeError("no labels to score");
}
