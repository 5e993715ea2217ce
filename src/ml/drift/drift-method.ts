/**
 * The per-column drift tests. Tests give a p-value and flag drift when it is small;
 * distances flag drift when they are large.
 * - ks: two-sample Kolmogorov-Smirnov p-value (numeric columns).
 * - chiSquare: chi-square p-value of current counts against reference proportions.
 * - zTest: two-proportion Z-test p-value (at most two values).
 * - psi: population stability index (numeric: reference-decile bins; categorical: values).
 * - jensenShannon: Jensen-Shannon distance, natural log (bins as for psi).
 * - wasserstein: Wasserstein distance over the reference's standard deviation (numeric).
 */
export type DriftMethod = "ks" | "chiSquare" | "zTest" | "psi" | "jensenShannon" | "wasserstein";

export const driftMethods: readonly DriftMethod[] = ["ks", "chiSquare", "zTest", "psi", "jensenShannon", "wasserstein"];

/** Evidently's defaults: p-values below 0.05 (KS: at most 0.05), distances from 0.1. */
export const defaultThresholds: Readonly<Record<DriftMethod, number>> = {
  ks: 0.05,
  chiSquare: 0.05,
  zTest: 0.05,
  psi: 0.1,
  jensenShannon: 0.1,
  wasserstein: 0.1,
};

/** Whether the method's score is a p-value (drift when low) rather than a distance (drift when high). */
export function isPValueMethod(method: DriftMethod): boolean {
  return method === "ks" || method === "chiSquare" || method === "zTest";
}

/** Whether a score crosses the threshold, in the direction and with the edge Evidently uses. */
export function isDrift(method: DriftMethod, score: number, threshold: number): boolean {
  if (method === "ks") return score <= threshold;
  return isPValueMethod(method) ? score < threshold : score >= threshold;
}

/** Above this many reference values Evidently switches from tests to distances. */
const smallReference = 1000;

/**
 * Evidently's per-column choice. With at most 1,000 reference values: KS for numeric
 * columns, chi-square for categorical ones, or the Z-test when there are at most two values.
 * Above that, where tests call the slightest shift significant: the normed Wasserstein
 * distance for numeric columns, Jensen-Shannon for categorical ones. A number column with
 * at most 5 distinct values counts as categorical. `distinctValues` is counted across both
 * samples and only matters for categorical columns.
 */
export function defaultDriftMethod(
  kind: "numeric" | "categorical",
  referenceSize: number,
  distinctValues = Number.POSITIVE_INFINITY,
): DriftMethod {
  if (referenceSize <= smallReference) {
    if (kind === "numeric") return "ks";
    return distinctValues <= 2 ? "zTest" : "chiSquare";
  }
  return kind === "numeric" ? "wasserstein" : "jensenShannon";
}

/** A number column with this many distinct values or fewer is treated as categorical. */
export const maxCategoricalDistinct = 5;

/**
 * What is wrong with a method and threshold given for a drift check, if anything. A threshold
 * needs its method: p-values and distances read thresholds in opposite directions, and the
 * default method changes with the data.
 */
export function driftOptionsProblem(method: unknown, threshold: unknown): string | undefined {
  if (method !== undefined && !driftMethods.includes(method as DriftMethod)) {
    return `unknown drift method ${JSON.stringify(method)}; the methods are ${driftMethods.join(", ")}`;
  }
  if (threshold === undefined) return undefined;
  if (method === undefined) {
    return `a drift threshold of ${threshold} was given without a method, and tests and distances read thresholds in opposite directions`;
  }
  if (!(typeof threshold === "number" && threshold > 0)) {
    return `the drift threshold is ${JSON.stringify(threshold)}, not a positive number`;
  }
  return undefined;
}
