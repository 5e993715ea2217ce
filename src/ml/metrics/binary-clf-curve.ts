import { ConveyorError } from "../../errors.ts";

/** Cumulative counts at each distinct score, highest score first (scikit-learn's _binary_clf_curve). */
export interface ThresholdCounts {
  /** False positives among rows scoring at least thresholds[i]. */
  readonly fps: Float64Array;
  /** True positives among rows scoring at least thresholds[i]. */
  readonly tps: Float64Array;
  /** The distinct scores, decreasing. */
  readonly thresholds: Float64Array;
}

/**
 * What the ROC and precision-recall curves are made of: for every distinct score, how many
 * positives (label 1) and negatives (label 0) score at least that much.
 * Hand-written numeric kernel: one sort, then one pass that closes a point at the end of
 * each run of equal scores.
 */
export function binaryClfCurve(yTrue: ArrayLike<number>, scores: ArrayLike<number>): ThresholdCounts {
  if (yTrue.length !== scores.length) throw new RangeError(`${yTrue.length} labels but ${scores.length} scores`);
  if (yTrue.length === 0) throw new RangeError("no labels to score");
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] !== 0 && yTrue[i] !== 1) {
      throw new ConveyorError(`label ${yTrue[i]} at row ${i} is not 0 or 1`, "curves score binary labels 0 and 1", "invalid_data");
    }
    if (!Number.isFinite(scores[i])) {
      throw new ConveyorError(`score ${scores[i]} at row ${i} is not a finite number`, "score every row with a finite number", "invalid_data");
    }
  }
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let positives = 0;
  for (let k = 0; k < order.length; k++) {
    const row = order[k]!;
    positives += yTrue[row]!;
    const next = order[k + 1];
    if (next === undefined || scores[next] !== scores[row]) {
      tps.push(positives);
      fps.push(k + 1 - positives);
      thresholds.push(scores[row]!);
    }
  }
  return { fps: Float64Array.from(fps), tps: Float64Array.from(tps), thresholds: Float64Array.from(thresholds) };
}
