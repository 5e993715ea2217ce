import type { Category } from "../profile/value-counts.ts";
import { type CategoryCounts, countCategories } from "./category-counts.ts";
import { regularizedUpperGamma } from "./gamma.ts";

export interface ChiSquareResult {
  readonly statistic: number;
  readonly pValue: number;
  readonly degreesOfFreedom: number;
}

/**
 * Pearson's goodness-of-fit test, scipy.stats.chisquare(observed, expected): the statistic
 * sum (o - e)² / e and its chi-square upper tail with k - 1 degrees of freedom. An expected
 * count of 0 against a positive observed one makes the statistic infinite and p 0; a single
 * category leaves nothing to test and gives p 1 (scipy returns NaN there).
 */
export function chiSquareTest(observed: readonly number[], expected: readonly number[]): ChiSquareResult {
  if (observed.length !== expected.length) {
    throw new RangeError(`${observed.length} observed counts but ${expected.length} expected ones`);
  }
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) {
    const o = observed[i]!;
    const e = expected[i]!;
    // Equal counts add nothing; skipping them also keeps 0/0 out of the sum.
    if (o !== e) statistic += (o - e) ** 2 / e;
  }
  const degreesOfFreedom = observed.length - 1;
  const pValue = degreesOfFreedom === 0 ? 1 : regularizedUpperGamma(degreesOfFreedom / 2, statistic / 2);
  return { statistic, pValue, degreesOfFreedom };
}

/**
 * Evidently's chi-square drift test for a categorical column: the current counts against
 * the counts the reference's proportions predict for a sample of the current size,
 * expected_i = reference_i * n_current / n_reference, over the categories of both samples.
 * A category the reference never had is drift with p 0.
 */
export function categoricalChiSquare(reference: readonly Category[], current: readonly Category[]): ChiSquareResult {
  return chiSquareOfCounts(countCategories(reference, current));
}

/** categoricalChiSquare from the samples' counts. */
export function chiSquareOfCounts(counts: CategoryCounts): ChiSquareResult {
  const scale = sum(counts.current) / sum(counts.reference);
  return chiSquareTest(
    counts.current,
    counts.reference.map((count) => count * scale),
  );
}

function sum(counts: readonly number[]): number {
  let total = 0;
  for (const count of counts) total += count;
  return total;
}
