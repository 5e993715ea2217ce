import { ConveyorError } from "../../errors.ts";
import type { Category } from "../profile/value-counts.ts";
import { type CategoryCounts, countCategories } from "./category-counts.ts";
import { normalSf } from "./normal-tail.ts";

export interface ZTestResult {
  readonly statistic: number;
  readonly pValue: number;
}

/**
 * The two-proportion Z-test for a binary column (Evidently's default for categorical columns
 * with at most two values): z = (p1 - p2) / sqrt(P (1 - P) (1/n1 + 1/n2)) for the share of
 * one category in each sample, P the pooled share, and the two-sided p = 2 P(Z > |z|).
 * Evidently writes 2 (1 - CDF(|z|)), which is the same number but rounds to 0 beyond
 * |z| = 8.3. One value throughout both samples is no evidence of change: z 0, p 1.
 */
export function proportionsZTest(reference: readonly Category[], current: readonly Category[]): ZTestResult {
  return proportionsZTestOfCounts(countCategories(reference, current));
}

/** proportionsZTest from the samples' counts. */
export function proportionsZTestOfCounts(counts: CategoryCounts): ZTestResult {
  if (counts.categories.length > 2) {
    throw new ConveyorError(
      `the Z-test compares the shares of two values, and the samples hold ${counts.categories.length}`,
      'use "chiSquare" for columns with more than two values',
      "invalid_param",
    );
  }
  if (counts.categories.length === 1) return { statistic: 0, pValue: 1 };
  const n1 = counts.reference[0]! + (counts.reference[1] ?? 0);
  const n2 = counts.current[0]! + (counts.current[1] ?? 0);
  const p1 = counts.reference[0]! / n1;
  const p2 = counts.current[0]! / n2;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const statistic = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return { statistic, pValue: 2 * normalSf(Math.abs(statistic)) };
}
