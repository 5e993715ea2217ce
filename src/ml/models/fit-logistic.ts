import type { Matrix } from "../matrix.ts";
import { newtonMinimize } from "./linear/newton-minimize.ts";
import { subsampleStart } from "./linear/subsample-start.ts";
import { BinaryLogisticLoss } from "./logistic-loss.ts";

export interface LogisticFitOptions {
  readonly c: number;
  readonly maxIterations: number;
  /** Stop once half the Newton decrement (the predicted loss reduction) is below this. */
  readonly tolerance: number;
}

/**
 * Binary L2 logistic regression by Newton's method (see newtonMinimize for why Newton).
 * Returns theta = [w_1..w_d, b].
 */
export function fitLogisticNewton(x: Matrix, y: Float64Array, options: LogisticFitOptions): Float64Array {
  const objective = (rows: Matrix, labels: Float64Array, c: number) => new BinaryLogisticLoss(rows, labels, c);
  const start = subsampleStart(x, y, 2, options.c, options, objective);
  return newtonMinimize(objective(x, y, options.c), options, start);
}
