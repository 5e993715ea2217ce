import { ConveyorError } from "../../../errors.ts";
import { createMatrix, type Matrix } from "../../matrix.ts";
import { type ClassLabel, classIndices, classLabels, type LabelValues } from "../../transforms/class-labels.ts";

// The checks every model (linear and neighbours alike) makes on what it is given, so that a
// bad value is reported where it is, by row and column, instead of poisoning a fit.

/** Refuses NaN and ±Infinity, naming the first one's row (0-based, from `firstRow`) and feature column. */
export function checkFeatures(x: Matrix, firstRow = 0): void {
  for (let i = 0; i < x.data.length; i++) {
    const value = x.data[i]!;
    if (!Number.isFinite(value)) {
      const row = Math.floor(i / x.cols);
      throw new ConveyorError(
        `feature column ${i - row * x.cols} is ${Number.isNaN(value) ? "missing (NaN)" : value} at row ${firstRow + row}`,
        "impute missing values and remove infinite ones before fitting or predicting",
        "invalid_data",
      );
    }
  }
}

/** What predict needs: as many columns as the model was trained on, all finite. */
export function checkPredictFeatures(x: Matrix, featureCount: number): void {
  checkPredictColumns(x, featureCount);
  checkFeatures(x);
}

/** The cheap half of checkPredictFeatures, for models that check values with checkPredictOutputs. */
export function checkPredictColumns(x: Matrix, featureCount: number): void {
  if (x.cols !== featureCount) {
    throw new ConveyorError(
      `the model was trained on ${featureCount} features but the data has ${x.cols} columns`,
      "predict with the same feature columns, in the same order, as in training",
      "invalid_data",
    );
  }
}

/**
 * checkFeatures for a linear model's predictions, at a fraction of its cost: a NaN or infinite
 * feature makes every score of its row non-finite (NaN·w and ∞·0 are NaN, ∞·w is infinite), so
 * only the rows of `outputs` (`perRow` values each) holding a non-finite value need checking.
 */
export function checkPredictOutputs(x: Matrix, outputs: Float64Array, perRow = 1): void {
  for (let i = 0; i < outputs.length; i++) {
    if (!Number.isFinite(outputs[i])) {
      const row = Math.floor(i / perRow);
      checkFeatures(createMatrix(1, x.cols, x.data.slice(row * x.cols, (row + 1) * x.cols)), row);
    }
  }
}

/** The classes (sorted) and each row's class index; at least two classes are needed to learn anything. */
export function classificationTarget(
  x: Matrix,
  y: LabelValues,
): { classes: ClassLabel[]; indices: Int32Array } {
  checkRowCount(x, y);
  checkFeatures(x);
  const classes = classLabels(y);
  if (classes.length < 2) {
    throw new ConveyorError(
      classes.length === 0
        ? "there are no rows to train on"
        : `the target holds only one class (${JSON.stringify(classes[0])})`,
      "a classifier needs rows of at least two classes",
      "invalid_data",
    );
  }
  return { classes, indices: classIndices(y, classes) };
}

/** The target as finite numbers, naming the first row that is not. */
export function regressionTarget(x: Matrix, y: ArrayLike<number>): Float64Array {
  checkRowCount(x, y);
  checkFeatures(x);
  if (x.rows === 0) {
    throw new ConveyorError("there are no rows to train on", "fit on at least one row", "invalid_data");
  }
  const target = Float64Array.from(y);
  const row = target.findIndex((v) => !Number.isFinite(v));
  if (row >= 0) {
    throw new ConveyorError(
      `the target is ${Number.isNaN(target[row]) ? "missing (NaN)" : target[row]} at row ${row}`,
      "drop the rows with a missing or infinite target",
      "invalid_data",
    );
  }
  return target;
}

function checkRowCount(x: Matrix, y: ArrayLike<unknown>): void {
  if (y.length !== x.rows) {
    throw new ConveyorError(
      `the features have ${x.rows} rows but the target ${y.length}`,
      "give one target value per feature row",
      "invalid_data",
    );
  }
}
