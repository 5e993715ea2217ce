import { ConveyorError } from "../../errors.ts";

// Regression metrics with scikit-learn's definitions. Hand-written numeric kernels: one pass each.

export function meanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  check(yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += (yTrue[i]! - yPred[i]!) ** 2;
  return sum / yTrue.length;
}

export function rootMeanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  return Math.sqrt(meanSquaredError(yTrue, yPred));
}

export function meanAbsoluteError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  check(yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += Math.abs(yTrue[i]! - yPred[i]!);
  return sum / yTrue.length;
}

/**
 * Coefficient of determination, 1 - SS_res / SS_tot. For a constant yTrue scikit-learn's
 * force_finite rule applies: 1 for a perfect prediction, else 0.
 */
export function r2(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  check(yTrue, yPred);
  let mean = 0;
  for (let i = 0; i < yTrue.length; i++) mean += yTrue[i]!;
  mean /= yTrue.length;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    residual += (yTrue[i]! - yPred[i]!) ** 2;
    total += (yTrue[i]! - mean) ** 2;
  }
  if (total === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / total;
}

/**
 * Mean of |yTrue - yPred| / |yTrue| as a fraction (not a percentage), each denominator at
 * least float64 epsilon, as scikit-learn's mean_absolute_percentage_error: a zero true value
 * gives a huge, not infinite, error.
 */
export function meanAbsolutePercentageError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  check(yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    sum += Math.abs(yPred[i]! - yTrue[i]!) / Math.max(Math.abs(yTrue[i]!), 2.220446049250313e-16);
  }
  return sum / yTrue.length;
}

function check(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  if (yTrue.length !== yPred.length) throw new RangeError(`${yTrue.length} true values but ${yPred.length} predictions`);
  if (yTrue.length === 0) throw new RangeError("no values to score");
  for (let i = 0; i < yTrue.length; i++) {
    if (!Number.isFinite(yTrue[i]) || !Number.isFinite(yPred[i])) {
      throw new ConveyorError(
        `row ${i} has true value ${yTrue[i]} and prediction ${yPred[i]}; both must be finite numbers`,
        "drop rows with a missing target before scoring",
        "invalid_data",
      );
    }
  }
}
