import { ksExactPValue } from "./ks-exact.ts";
import { type KsStatistic, ksStatistic } from "./ks-statistic.ts";
import { kolmogorovNSf } from "./kolmogorov-n.ts";
import { kolmogorovSf } from "./kolmogorov.ts";
import { requireValues } from "./require-values.ts";
import { roundHalfEven } from "./round-half-even.ts";

/** scipy's choice: 'auto' is exact while both samples have at most 10,000 values. */
export type KsMethod = "auto" | "exact" | "asymp";

const maxAutoExactSize = 10_000;

export interface KsTestResult extends KsStatistic {
  /** Two-sided p-value: P(D >= statistic) when both samples come from one distribution. */
  readonly pValue: number;
  /** How the p-value was computed; 'exact' falls back to 'asymp' where scipy's does. */
  readonly method: "exact" | "asymp";
}

/**
 * The two-sided two-sample Kolmogorov-Smirnov test, reproducing scipy.stats.ks_2samp:
 * 'exact' counts lattice paths (see ks-exact.ts); 'asymp' is scipy's kstwo.sf(D, round(en))
 * with en = n1 n2 / (n1 + n2), the one-sample distribution at the effective size. Samples
 * need no particular order and must hold no NaN.
 */
export function ksTest(reference: Float64Array, current: Float64Array, method: KsMethod = "auto"): KsTestResult {
  requireValues(reference, "reference");
  requireValues(current, "current");
  return ksTestOfSorted(reference.slice().sort(), current.slice().sort(), method);
}

/**
 * ksTest on samples already in ascending order, non-empty and without NaN: a reference
 * sorted once serves every window compared with it.
 */
export function ksTestOfSorted(reference: Float64Array, current: Float64Array, method: KsMethod = "auto"): KsTestResult {
  const found = ksStatistic(reference, current);
  return { ...found, ...ksPValue(found.statistic, reference.length, current.length, method) };
}

/**
 * The p-value of a KS statistic D between samples of n1 and n2 values, as ksTest computes
 * it; 'exact' rounds D to its lattice (see ks-exact.ts), hence the statistic returned.
 */
export function ksPValue(
  statistic: number,
  n1: number,
  n2: number,
  method: KsMethod = "auto",
): { statistic: number; pValue: number; method: "exact" | "asymp" } {
  const useExact = method === "exact" || (method === "auto" && Math.max(n1, n2) <= maxAutoExactSize);
  const exact = useExact ? ksExactPValue(n1, n2, statistic) : undefined;
  if (exact) return { ...exact, method: "exact" };
  return { statistic, pValue: kolmogorovNSf(roundHalfEven(effectiveSize(n1, n2)), statistic), method: "asymp" };
}

/**
 * Kolmogorov's large-sample limit of the two-sample p-value, kstwobign.sf(sqrt(en) * D):
 * the textbook formula, reported beside scipy's p-values for comparison.
 */
export function ksLimitPValue(statistic: number, n1: number, n2: number): number {
  return kolmogorovSf(Math.sqrt(effectiveSize(n1, n2)) * statistic);
}

/** en = n1 n2 / (n1 + n2), in the order scipy multiplies (larger size first). */
function effectiveSize(n1: number, n2: number): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  return (m * n) / (m + n);
}
