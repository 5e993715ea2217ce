import { mean, standardDeviation } from "../profile/moments.ts";
import { sortedPresentNumbers } from "../profile/present-values.ts";
import { quantileOfSorted } from "../profile/quantile.ts";
import type { Table } from "../table.ts";
import { type Bounds, describeBounds, withinBounds } from "./bounds.ts";
import { columnOfType } from "./column-of-type.ts";
import type { Expectation, ExpectationResult } from "./expectation.ts";

export type StatisticExpectation = Extract<Expectation, { kind: "mean" | "std" | "quantile" }>;

/**
 * A summary statistic of a number column's present values lies within the bounds. A column
 * with too few values for the statistic (none; one for std) fails and says so.
 */
export function checkStatistic(table: Table, expectation: StatisticExpectation): ExpectationResult {
  const { kind, column } = expectation;
  const bounds: Bounds = expectation;
  const name = statisticName(expectation);
  const expected = `${name} ${describeBounds(bounds)}`;
  const found = columnOfType(table, kind, column, expected, "number");
  if ("failed" in found) return found.failed;
  const sorted = sortedPresentNumbers(found.column.values);
  const value = statistic(expectation, sorted);
  return {
    expectation: kind,
    column,
    expected,
    observed: value === null ? { [name]: null, present: sorted.length } : { [name]: value },
    passed: value !== null && withinBounds(value, bounds),
  };
}

function statisticName(expectation: StatisticExpectation): string {
  return expectation.kind === "quantile" ? `quantile ${expectation.q}` : expectation.kind;
}

/** The statistic, or null when the column has too few values to have one. */
function statistic(expectation: StatisticExpectation, sorted: Float64Array): number | null {
  if (sorted.length === 0) return null;
  switch (expectation.kind) {
    case "mean":
      return mean(sorted);
    case "std":
      return sorted.length > 1 ? standardDeviation(sorted, 1) : null;
    case "quantile":
      return quantileOfSorted(sorted, expectation.q);
  }
}
