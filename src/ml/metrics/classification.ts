import { ConveyorError } from "../../errors.ts";

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

export function precision(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const { tp, fp } = binaryCounts(yTrue, yPred);
  return ratio(tp, tp + fp);
}

export function recall(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const { tp, fn } = binaryCounts(yTrue, yPred);
  return ratio(tp, tp + fn);
}

export function f1(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const { tp, fp, fn } = binaryCounts(yTrue, yPred);
  return ratio(2 * tp, 2 * tp + fp + fn);
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

function binaryCounts(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
): { tp: number; fp: number; fn: number } {
  checkLengths(yTrue, yPred);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const actual = yTrue[i] === 1;
    const predicted = yPred[i] === 1;
    if (actual && predicted) tp++;
    else if (predicted) fp++;
    else if (actual) fn++;
  }
  return { tp, fp, fn };
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function checkLengths(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length)
    throw new RangeError(`${a.length} true labels but ${b.length} predictions`);
  if (a.length === 0) throw new RangeError("no labels to score");
}
