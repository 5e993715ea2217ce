import { ConveyorError } from "../../errors.ts";
import type { Matrix } from "../matrix.ts";

/** Float64 machine epsilon: scikit-learn's log_loss(eps="auto") clipping for float64 probabilities. */
const EPSILON = 2.220446049250313e-16;

/**
 * Mean negative log-likelihood of the true classes, as scikit-learn's log_loss: each
 * probability is clipped to [eps, 1 - eps] and each row renormalised to sum to 1.
 * `proba` is either n × k class probabilities, yTrue holding column indices (scikit-learn's
 * labels=range(k)), or the probability of class 1 per row, yTrue holding 0 and 1.
 */
export function logLoss(yTrue: ArrayLike<number>, proba: Matrix | ArrayLike<number>): number {
  const rows = isMatrix(proba) ? proba.rows : proba.length;
  if (yTrue.length !== rows) throw new RangeError(`${yTrue.length} labels but ${rows} rows of probabilities`);
  if (rows === 0) throw new RangeError("no labels to score");
  const k = isMatrix(proba) ? proba.cols : 2;
  const row = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const label = yTrue[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= k) {
      throw new ConveyorError(`label ${label} at row ${i} is not a class index below ${k}`, "give class indices matching the probability columns", "invalid_data");
    }
    if (isMatrix(proba)) for (let c = 0; c < k; c++) row[c] = clip(proba.data[i * k + c]!, i);
    else {
      const positive = clip(proba[i]!, i);
      row[0] = 1 - positive;
      row[1] = positive;
    }
    let sum = 0;
    for (let c = 0; c < k; c++) sum += row[c]!;
    total -= Math.log(row[label]! / sum);
  }
  return total / rows;
}

function clip(p: number, row: number): number {
  if (Number.isNaN(p)) throw new ConveyorError(`the probability at row ${row} is NaN`, "score every row", "invalid_data");
  return Math.min(Math.max(p, EPSILON), 1 - EPSILON);
}

function isMatrix(value: Matrix | ArrayLike<number>): value is Matrix {
  return "cols" in value && "data" in value;
}
