import { ConveyorError } from "../../errors.ts";
import { binaryClfCurve } from "./binary-clf-curve.ts";

export interface RocCurve {
  readonly fpr: Float64Array;
  readonly tpr: Float64Array;
  /** Decreasing; the first is the highest score + 1 (scikit-learn 1.2), where no row is positive. */
  readonly thresholds: Float64Array;
}

/**
 * The ROC curve of scores for label 1, point for point as scikit-learn 1.2's
 * roc_curve(drop_intermediate=True): a point collinear with its neighbours (no corner in
 * either count) is dropped, and (0, 0) is prepended.
 */
export function rocCurve(yTrue: ArrayLike<number>, scores: ArrayLike<number>): RocCurve {
  const { fps, tps, thresholds } = binaryClfCurve(yTrue, scores);
  const last = fps.length - 1;
  if (fps[last] === 0 || tps[last] === 0) {
    throw new ConveyorError(
      "the ROC curve is undefined when only one class is present",
      "evaluate on rows of both classes",
      "invalid_data",
    );
  }
  const kept = [0];
  for (let i = 1; i < last; i++) {
    const fpsCorner = fps[i - 1]! - 2 * fps[i]! + fps[i + 1]!;
    const tpsCorner = tps[i - 1]! - 2 * tps[i]! + tps[i + 1]!;
    if (fpsCorner !== 0 || tpsCorner !== 0) kept.push(i);
  }
  if (last > 0) kept.push(last);
  return {
    fpr: Float64Array.from([0, ...kept.map((i) => fps[i]! / fps[last]!)]),
    tpr: Float64Array.from([0, ...kept.map((i) => tps[i]! / tps[last]!)]),
    thresholds: Float64Array.from([thresholds[0]! + 1, ...kept.map((i) => thresholds[i]!)]),
  };
}
