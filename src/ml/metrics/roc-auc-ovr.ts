import { ConveyorError } from "../../errors.ts";
import type { Matrix } from "../matrix.ts";
import { rocAuc } from "./classification.ts";

/**
 * Multiclass ROC AUC, one class against the rest, averaged over classes with equal weight:
 * scikit-learn's roc_auc_score(multi_class="ovr", average="macro"). yTrue holds class
 * indices, column k of `proba` scores class k, and each row of `proba` must sum to 1.
 */
export function rocAucOvr(yTrue: ArrayLike<number>, proba: Matrix): number {
  if (yTrue.length !== proba.rows) throw new RangeError(`${yTrue.length} labels but ${proba.rows} rows of scores`);
  const k = proba.cols;
  for (let i = 0; i < proba.rows; i++) {
    const label = yTrue[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= k) {
      throw new ConveyorError(`label ${label} at row ${i} is not a class index below ${k}`, "give class indices matching the score columns", "invalid_data");
    }
    let sum = 0;
    for (let c = 0; c < k; c++) sum += proba.data[i * k + c]!;
    // np.allclose(1, sum), as scikit-learn checks.
    if (!(Math.abs(sum - 1) <= 1e-8 + 1e-5)) {
      throw new ConveyorError(`the scores of row ${i} sum to ${sum}, not 1`, "give class probabilities (predictProba)", "invalid_data");
    }
  }
  let total = 0;
  for (let c = 0; c < k; c++) {
    const isClass = Float64Array.from(yTrue, (label) => (label === c ? 1 : 0));
    if (!isClass.includes(1)) {
      throw new ConveyorError(`class ${c} has no rows, so its ROC AUC is undefined`, "evaluate on rows of every class", "invalid_data");
    }
    const column = Float64Array.from({ length: proba.rows }, (_, i) => proba.data[i * k + c]!);
    total += rocAuc(isClass, column);
  }
  return total / k;
}
