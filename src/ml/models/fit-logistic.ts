import { ConveyorError } from "../../errors.ts";
import { choleskySolve } from "../linalg/cholesky.ts";
import type { Matrix } from "../matrix.ts";
import { gradientAndHessian, penalizedLoss } from "./logistic-loss.ts";

export interface NewtonOptions {
  readonly c: number;
  readonly maxIterations: number;
  /** Stop once half the Newton decrement (the predicted loss reduction) is below this. */
  readonly tolerance: number;
}

/**
 * Minimises the penalised logistic loss by Newton's method with a backtracking line search.
 * Newton rather than L-BFGS: the loss is smooth and strictly convex, so a handful of exact
 * steps reach the optimum to machine precision (scikit-learn's lbfgs stops near it), and a
 * (d+1)² Hessian is cheap for the tens to hundreds of features we fit.
 * Hand-written numeric kernel: returns theta = [w_1..w_d, b].
 */
export function fitLogisticNewton(
  x: Matrix,
  y: Float64Array,
  options: NewtonOptions,
): Float64Array {
  let theta: Float64Array = new Float64Array(x.cols + 1);
  let loss = penalizedLoss(x, y, theta, options.c);
  for (let iteration = 0; iteration < options.maxIterations; iteration++) {
    const { gradient, hessian } = gradientAndHessian(x, y, theta, options.c);
    const step = choleskySolve(hessian, gradient, theta.length);
    let decrement = 0;
    for (let j = 0; j < theta.length; j++)
      decrement += gradient[j]! * step[j]!;
    const next = lineSearch(x, y, theta, step, loss, decrement, options.c);
    // No step lowers the loss any more: rounding error, not the model, is what is left.
    if (!next) return theta;
    theta = next.theta;
    loss = next.loss;
    // Checked after stepping: the last step, already computed, squares the remaining error.
    if (decrement / 2 <= options.tolerance) return theta;
  }
  throw new ConveyorError(
    `logistic regression did not converge in ${options.maxIterations} iterations`,
    "standardize the features, or raise maxIterations",
    "did_not_converge",
  );
}

/** Halves the Newton step until the loss falls enough (Armijo); a full step is taken near the optimum. */
function lineSearch(
  x: Matrix,
  y: Float64Array,
  theta: Float64Array,
  step: Float64Array,
  loss: number,
  decrement: number,
  c: number,
): { theta: Float64Array; loss: number } | undefined {
  for (let t = 1; t > 1e-10; t /= 2) {
    const candidate = theta.map((value, j) => value - t * step[j]!);
    const candidateLoss = penalizedLoss(x, y, candidate, c);
    if (candidateLoss <= loss - 0.25 * t * decrement)
      return { theta: candidate, loss: candidateLoss };
  }
  return undefined;
}
