import { isConveyorError } from "../../../errors.ts";
import { createMatrix, type Matrix } from "../../matrix.ts";
import { minimizeConvex } from "./minimize-convex.ts";
import type { ConvexObjective, NewtonOptions } from "./newton-minimize.ts";

/** Rows in the subsample a large fit starts from. */
const SUBSAMPLE_ROWS = 2048;

/**
 * Where a large fit of a penalised loss starts: the optimum on every stride-th row (about
 * 2,000 of them), with C multiplied by the stride so that the penalty weighs against that
 * 1/stride of the data as it does against all of it in the full fit. That point is within
 * sampling error of the full optimum, inside the region where Newton converges
 * quadratically, so the full fit needs 3 Hessian passes instead of 5 (80,000 × 20 logistic
 * regression: two thirds of the time) and ends at the same optimum. Part of the heart of our
 * logistic regression's speed.
 *
 * Undefined (start from zero) for fewer than 4 subsamples' worth of rows, when the subsample
 * lacks a class (its optimum would push an intercept to infinity), or when its fit fails.
 */
export function subsampleStart<Y extends Float64Array | Int32Array>(
  x: Matrix,
  y: Y,
  classCount: number,
  c: number,
  options: NewtonOptions,
  objective: (x: Matrix, y: Y, c: number) => ConvexObjective,
): Float64Array | undefined {
  const stride = Math.floor(x.rows / SUBSAMPLE_ROWS);
  if (stride < 4) return undefined;
  const rows = Math.ceil(x.rows / stride);
  const sample = createMatrix(rows, x.cols);
  const labels = new (y.constructor as { new (length: number): Y })(rows);
  const seen = new Set<number>();
  for (let i = 0; i < rows; i++) {
    sample.data.set(x.data.subarray(i * stride * x.cols, (i * stride + 1) * x.cols), i * x.cols);
    labels[i] = y[i * stride]!;
    seen.add(labels[i]!);
  }
  if (seen.size < classCount) return undefined;
  try {
    return minimizeConvex(objective(sample, labels, c * stride), options);
  } catch (error) {
    if (isConveyorError(error) && error.code === "did_not_converge") return undefined;
    throw error;
  }
}
