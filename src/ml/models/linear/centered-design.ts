import { createMatrix, type Matrix } from "../../matrix.ts";

/** Features and target with their column means removed, and the means to put back. */
export interface CenteredDesign {
  readonly x: Matrix;
  readonly xMean: Float64Array;
  readonly y: Float64Array;
  readonly yMean: number;
}

/**
 * Centres features and target as scikit-learn's linear models do before solving: the
 * intercept then drops out of the fit and is recovered as yMean - xMean·w, and it is never
 * penalised (ridge). Hand-written numeric kernel: two passes over the rows.
 */
export function centerDesign(x: Matrix, y: Float64Array): CenteredDesign {
  const d = x.cols;
  const xMean = new Float64Array(d);
  let yMean = 0;
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < d; j++) xMean[j] = xMean[j]! + x.data[i * d + j]!;
    yMean += y[i]!;
  }
  for (let j = 0; j < d; j++) xMean[j] = xMean[j]! / x.rows;
  yMean /= x.rows;
  const centered = createMatrix(x.rows, d);
  const yCentered = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < d; j++) centered.data[i * d + j] = x.data[i * d + j]! - xMean[j]!;
    yCentered[i] = y[i]! - yMean;
  }
  return { x: centered, xMean, y: yCentered, yMean };
}

/** The intercept that goes with coefficients fitted on the centred design. */
export function interceptFor(design: CenteredDesign, coefficients: Float64Array): number {
  let intercept = design.yMean;
  for (let j = 0; j < coefficients.length; j++) intercept -= design.xMean[j]! * coefficients[j]!;
  return intercept;
}
