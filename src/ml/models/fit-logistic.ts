import type { Matrix } from "../matrix.ts";
import { minimizeConvex } from "./linear/minimize-convex.ts";
import { subsampleStart } from "./linear/subsample-start.ts";
import { BinaryLogisticLoss } from "./logistic-loss.ts";

export interface LogisticFitOptions {
  readonly c: number;
  readonly maxIterations?: number;
  /** Stop once the predicted loss reduction of the next step is below this. */
  readonly tolerance: number;
}

/**
 * Binary L2 logistic regression, by Newton's method or, for many features, L-BFGS (see
 * minimizeConvex). Returns theta = [w_1..w_d, b].
 */
export function fitLogistic(x: Matrix, y: Float64Array, options: LogisticFitOptions): Float64Array {
  const objective = (rows: Matrix, labels: Float64Array, c: number) => new BinaryLogisticLoss(rows, labels, c);
  const start = subsampleStart(x, y, 2, options.c, options, objective);
  return minimizeConvex(objective(x, y, options.c), options, start);
}
