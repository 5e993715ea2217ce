import { ConveyorError } from "../../../errors.ts";
import type { NewtonOptions, SmoothObjective } from "./newton-minimize.ts";

/** Correction pairs kept: scipy's L-BFGS-B default (maxcor), which scikit-learn's lbfgs uses. */
const MEMORY = 10;

/**
 * Also stop once a step lowers the loss by less than this share of it: scipy's L-BFGS-B test
 * (factr 1e7 × machine epsilon), which scikit-learn's lbfgs uses. Where the loss is that flat
 * L-BFGS would need many more passes to gain digits no prediction shows.
 */
const RELATIVE_REDUCTION = 1e7 * Number.EPSILON;

/**
 * Minimises a smooth, strictly convex objective by L-BFGS (Nocedal & Wright, algorithm 7.5)
 * with a backtracking (Armijo) line search, from `start` (default zero). For models with many
 * parameters (a softmax over 10 classes of 64 features has 650), where Newton's Hessian pass
 * (rows × parameters²) and its Cholesky factor (parameters³) dwarf the gradient passes: each
 * iteration here is one gradient pass plus O(MEMORY × parameters) vector work.
 *
 * Stops, as newtonMinimize does, once half the predicted loss reduction of the next step
 * (−gᵀd/2, d the quasi-Newton step, the L-BFGS counterpart of the Newton decrement) is below
 * `tolerance`, or when no step lowers the loss any more (rounding is all that is left). The
 * objective being strictly convex, every step's curvature sᵀy is positive, so no Wolfe
 * curvature search is needed to keep the inverse-Hessian estimate positive definite.
 * Hand-written numeric kernel on typed arrays, the heart of our many-class logistic
 * regression's speed: no npm package offers L-BFGS on typed arrays.
 */
export function lbfgsMinimize(
  objective: SmoothObjective,
  options: NewtonOptions,
  start?: Float64Array,
): Float64Array {
  const size = objective.size;
  let theta = start ? Float64Array.from(start) : new Float64Array(size);
  let gradient = new Float64Array(size);
  let candidate = new Float64Array(size);
  let candidateGradient = new Float64Array(size);
  const direction = new Float64Array(size);
  const s = Array.from({ length: MEMORY }, () => new Float64Array(size));
  const y = Array.from({ length: MEMORY }, () => new Float64Array(size));
  const rho = new Float64Array(MEMORY);
  const alpha = new Float64Array(MEMORY);
  let pairs = 0;
  let newest = -1;
  let loss = objective.lossAndGradient(theta, gradient);
  const maxIterations = options.maxIterations ?? 1000;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    twoLoopDirection(gradient, s, y, rho, alpha, pairs, newest, direction);
    // The first step has no curvature to scale it: scale it to unit length, as scipy does.
    if (pairs === 0) scale(direction, 1 / Math.max(1, norm(direction)));
    const slope = dot(gradient, direction);
    if (!(slope < 0)) return theta; // rounding has used up the descent direction
    if (pairs > 0 && -slope / 2 <= options.tolerance) {
      // As newtonMinimize: a step too small for the line search to judge is taken whole.
      for (let j = 0; j < size; j++) theta[j] = theta[j]! + direction[j]!;
      return theta;
    }
    let accepted = false;
    const previousLoss = loss;
    for (let t = 1; t > 1e-10 && !accepted; t /= 2) {
      for (let j = 0; j < size; j++) candidate[j] = theta[j]! + t * direction[j]!;
      const candidateLoss = objective.lossAndGradient(candidate, candidateGradient);
      accepted = candidateLoss <= loss + 1e-4 * t * slope;
      if (accepted) loss = candidateLoss;
    }
    if (!accepted) return theta;
    if (previousLoss - loss <= RELATIVE_REDUCTION * Math.max(Math.abs(previousLoss), Math.abs(loss), 1)) return candidate;
    const next = (newest + 1) % MEMORY;
    const sNext = s[next]!;
    const yNext = y[next]!;
    let curvature = 0;
    for (let j = 0; j < size; j++) {
      sNext[j] = candidate[j]! - theta[j]!;
      yNext[j] = candidateGradient[j]! - gradient[j]!;
      curvature += sNext[j]! * yNext[j]!;
    }
    [theta, candidate] = [candidate, theta];
    [gradient, candidateGradient] = [candidateGradient, gradient];
    // Zero curvature only comes from a step lost to rounding: keep the pairs we have.
    if (curvature > 0) {
      rho[next] = 1 / curvature;
      newest = next;
      pairs = Math.min(pairs + 1, MEMORY);
    }
  }
  throw new ConveyorError(
    `the fit did not converge in ${maxIterations} iterations`,
    "standardize the features, or raise maxIterations",
    "did_not_converge",
  );
}

/** Writes d = −H g into `direction`, H the L-BFGS inverse-Hessian estimate from the pairs kept. */
function twoLoopDirection(
  gradient: Float64Array,
  s: readonly Float64Array[],
  y: readonly Float64Array[],
  rho: Float64Array,
  alpha: Float64Array,
  pairs: number,
  newest: number,
  direction: Float64Array,
): void {
  for (let j = 0; j < gradient.length; j++) direction[j] = -gradient[j]!;
  for (let back = 0; back < pairs; back++) {
    const k = (newest - back + MEMORY) % MEMORY;
    alpha[k] = rho[k]! * dot(s[k]!, direction);
    axpy(-alpha[k]!, y[k]!, direction);
  }
  // The initial estimate γI, γ = sᵀy / yᵀy of the newest pair: the curvature along it.
  if (pairs > 0) scale(direction, 1 / (rho[newest]! * dot(y[newest]!, y[newest]!)));
  for (let back = pairs - 1; back >= 0; back--) {
    const k = (newest - back + MEMORY) % MEMORY;
    const beta = rho[k]! * dot(y[k]!, direction);
    axpy(alpha[k]! - beta, s[k]!, direction);
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += a[j]! * b[j]!;
  return sum;
}

/** out += a x */
function axpy(a: number, x: Float64Array, out: Float64Array): void {
  for (let j = 0; j < out.length; j++) out[j] = out[j]! + a * x[j]!;
}

function scale(v: Float64Array, factor: number): void {
  for (let j = 0; j < v.length; j++) v[j] = v[j]! * factor;
}

function norm(v: Float64Array): number {
  return Math.sqrt(dot(v, v));
}
