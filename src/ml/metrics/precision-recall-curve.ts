import { binaryClfCurve } from "./binary-clf-curve.ts";

export interface PrecisionRecallCurve {
  /** One more than thresholds: the last point is precision 1 at recall 0. */
  readonly precision: Float64Array;
  readonly recall: Float64Array;
  /** Increasing distinct scores. */
  readonly thresholds: Float64Array;
}

/**
 * Precision and recall of label 1 at every distinct score threshold, as scikit-learn 1.2's
 * precision_recall_curve: ordered by increasing threshold, ending with (recall 0,
 * precision 1). With no positive row, recall is 1 throughout, as scikit-learn sets it.
 */
export function precisionRecallCurve(yTrue: ArrayLike<number>, scores: ArrayLike<number>): PrecisionRecallCurve {
  const { fps, tps, thresholds } = binaryClfCurve(yTrue, scores);
  const n = tps.length;
  const positives = tps[n - 1]!;
  const precision = new Float64Array(n + 1);
  const recall = new Float64Array(n + 1);
  const increasing = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const from = n - 1 - i; // reversed, so that recall decreases
    const predicted = tps[from]! + fps[from]!;
    precision[i] = predicted === 0 ? 0 : tps[from]! / predicted;
    recall[i] = positives === 0 ? 1 : tps[from]! / positives;
    increasing[i] = thresholds[from]!;
  }
  precision[n] = 1;
  recall[n] = 0;
  return { precision, recall, thresholds: increasing };
}
