import type { Matrix } from "../matrix.ts";
import { newtonMinimize } from "./linear/newton-minimize.ts";
import { gradientAndHessian, penalizedLoss } from "./logistic-loss.ts";

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
  return newtonMinimize(
    {
      size: x.cols + 1,
      loss: (theta) => penalizedLoss(x, y, theta, options.c),
      gradientAndHessian: (theta) => gradientAndHessian(x, y, theta, options.c),
    },
    options,
  );
}
