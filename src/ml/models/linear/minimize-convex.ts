import { lbfgsMinimize } from "./lbfgs-minimize.ts";
import { type ConvexObjective, type NewtonOptions, newtonMinimize } from "./newton-minimize.ts";

/**
 * Up to this many parameters Newton's method, above it L-BFGS. A Newton iteration costs a
 * Hessian pass of rows × parameters² / 2 multiply-adds and reaches the optimum in about six;
 * an L-BFGS iteration costs a gradient pass of 2 × rows × parameters and takes a few dozen to
 * a hundred or so (the bench's standardized 10-class, 64-feature problem: 29). They cost about
 * the same near 100 parameters; beyond, Newton falls behind as the parameter count grows (at
 * 151 it was 3× slower, at 650 over 20×).
 */
export const NEWTON_MAX_PARAMETERS = 100;

/** Minimises a strictly convex objective with the solver its size calls for (see above). */
export function minimizeConvex(
  objective: ConvexObjective,
  options: NewtonOptions,
  start?: Float64Array,
): Float64Array {
  return objective.size <= NEWTON_MAX_PARAMETERS
    ? newtonMinimize(objective, options, start)
    : lbfgsMinimize(objective, options, start);
}
