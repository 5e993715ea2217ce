import { ConveyorError } from "../../../errors.ts";
import type { Matrix } from "../../matrix.ts";

/**
 * Refuses a feature matrix a tree cannot use: a column count other than the model's, no
 * rows to train on, or a NaN or infinite value (named by row and column, since a NaN would
 * silently go left at every split).
 */
export function checkFeatures(x: Matrix, expectedColumns?: number): void {
  if (expectedColumns !== undefined && x.cols !== expectedColumns) {
    throw new RangeError(`the model has ${expectedColumns} features, the matrix ${x.cols} columns`);
  }
  if (x.cols === 0) throw new RangeError("the feature matrix has no columns");
  const { data, cols } = x;
  for (let i = 0; i < data.length; i++) {
    const value = data[i]!;
    if (!Number.isFinite(value)) {
      const what = Number.isNaN(value) ? "a missing (NaN)" : "an infinite";
      throw new ConveyorError(
        `feature column ${i % cols} has ${what} value at row ${Math.floor(i / cols)}`,
        "impute or drop missing and infinite values before training or predicting",
        "invalid_data",
      );
    }
  }
}

export function checkTrainingRows(x: Matrix, labelCount: number): void {
  if (labelCount !== x.rows) throw new RangeError(`${x.rows} rows but ${labelCount} labels`);
  if (x.rows === 0) throw new RangeError("there are no rows to train on");
  checkFeatures(x);
}
