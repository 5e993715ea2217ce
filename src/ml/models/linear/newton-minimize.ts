import { ConveyorError } from "../../../errors.ts";
import { choleskySolve } from "../../linalg/cholesky.ts";

/** A smooth, strictly convex function of a parameter vector, with its exact derivatives. */
export interface ConvexObjective {
  readonly size: number;
  loss(theta: Float64Array): number;
  /** The gradient (size) and the Hessian (size², row-major) at theta. */
  gradientAndHessian(theta: Float64Array): { gradient: Float64Array; hessian: Float64Array };
}

export interface NewtonOptions {
  readonly maxIterations: number;
  /** Stop once half the Newton decrement (the predicted loss reduction) is below this. */
  readonly tolerance: number;
}

/**
 * Minimises a strictly convex objective by Newton's method with a backtracking (Armijo) line
 * search, starting from zero. Newton rather than L-BFGS: a few exact steps reach the
 * optimum to machine precision, where L-BFGS stops near it, and the Hessian is cheap for
 * the few hundred parameters of the models that use it.
 * Hand-written numeric kernel, the same loop as fitLogisticNewton for any objective.
 */
export function newtonMinimize(objective: ConvexObjective, options: NewtonOptions): Float64Array {
  let theta: Float64Array = new Float64Array(objective.size);
  let loss = objective.loss(theta);
  for (let iteration = 0; iteration < options.maxIterations; iteration++) {
    const { gradient, hessian } = objective.gradientAndHessian(theta);
    const step = newtonStep(hessian, gradient, objective.size);
    let decrement = 0;
    for (let j = 0; j < theta.length; j++) decrement += gradient[j]! * step[j]!;
    const next = lineSearch(objective, theta, step, loss, decrement);
    // No step lowers the loss any more: rounding error, not the model, is what is left.
    if (!next) return theta;
    theta = next.theta;
    loss = next.loss;
    // Checked after stepping: the last step, already computed, squares the remaining error.
    if (decrement / 2 <= options.tolerance) return theta;
  }
  throw new ConveyorError(
    `the fit did not converge in ${options.maxIterations} iterations`,
    "standardize the features, or raise maxIterations",
    "did_not_converge",
  );
}

function newtonStep(hessian: Float64Array, gradient: Float64Array, size: number): Float64Array {
  try {
    return choleskySolve(hessian, gradient, size);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new ConveyorError(
      "the fit became numerically singular: some predicted probabilities reached exactly 0 or 1",
      "standardize the features, or lower C (stronger regularisation)",
      "did_not_converge",
    );
  }
}

function lineSearch(
  objective: ConvexObjective,
  theta: Float64Array,
  step: Float64Array,
  loss: number,
  decrement: number,
): { theta: Float64Array; loss: number } | undefined {
  for (let t = 1; t > 1e-10; t /= 2) {
    const candidate = theta.map((value, j) => value - t * step[j]!);
    const candidateLoss = objective.loss(candidate);
    if (candidateLoss <= loss - 0.25 * t * decrement) return { theta: candidate, loss: candidateLoss };
  }
  return undefined;
}
