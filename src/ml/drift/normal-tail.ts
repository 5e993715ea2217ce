import { regularizedUpperGamma } from "./gamma.ts";

/**
 * P(Z > z) for a standard normal Z (scipy.stats.norm.sf), through the identity
 * erfc(t) = Q(1/2, t²): accurate far into the tail, where 1 - CDF(z) would round to 0.
 */
export function normalSf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const tail = regularizedUpperGamma(0.5, (z * z) / 2) / 2;
  return z >= 0 ? tail : 1 - tail;
}
