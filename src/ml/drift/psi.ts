import { requireValues } from "./require-values.ts";
import { countByInnerEdges, referenceQuantileEdges } from "./quantile-bins.ts";

/** Proportions are floored here so an empty bin does not make ln(q/p) infinite. */
const proportionFloor = 1e-6;

/**
 * The population stability index of two binnings of one variable:
 * PSI = sum_i (q_i - p_i) ln(q_i / p_i), p and q the reference and current proportions
 * (counts over their totals, floored at 1e-6). A common reading: below 0.1 no significant
 * shift, 0.1 to 0.25 moderate, above 0.25 significant.
 */
export function populationStabilityIndex(referenceCounts: readonly number[], currentCounts: readonly number[]): number {
  const p = proportions(referenceCounts);
  const q = proportions(currentCounts);
  let psi = 0;
  for (let i = 0; i < p.length; i++) psi += (q[i]! - p[i]!) * Math.log(q[i]! / p[i]!);
  return psi;
}

export interface QuantileBinnedPsi {
  readonly psi: number;
  /** The reference's quantiles that separate the bins. */
  readonly innerEdges: readonly number[];
  readonly referenceCounts: readonly number[];
  readonly currentCounts: readonly number[];
}

/** PSI of a numeric variable over `bins` (10 by default) equal-share bins of the reference. */
export function quantileBinnedPsi(reference: Float64Array, current: Float64Array, bins = 10): QuantileBinnedPsi {
  requireValues(reference, "reference");
  requireValues(current, "current");
  const innerEdges = referenceQuantileEdges(reference.slice().sort(), bins);
  const referenceCounts = countByInnerEdges(innerEdges, reference);
  const currentCounts = countByInnerEdges(innerEdges, current);
  return { psi: populationStabilityIndex(referenceCounts, currentCounts), innerEdges, referenceCounts, currentCounts };
}

function proportions(counts: readonly number[]): number[] {
  let total = 0;
  for (const count of counts) total += count;
  return counts.map((count) => Math.max(count / total, proportionFloor));
}
