import type { Column, ColumnType } from "../table.ts";
import { type Histogram, histogramOfSorted } from "./histogram.ts";
import { mean, standardDeviation } from "./moments.ts";
import { presentStrings, sortedPresentNumbers } from "./present-values.ts";
import { quantileOfSorted } from "./quantile.ts";
import { countSortedValues, countValues, topValues, type ValueCount } from "./value-counts.ts";

/** Enough values to see what dominates a column without bloating the artifact. */
const shownTopValues = 10;

export interface Quantiles {
  readonly p5: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
}

export interface NumericSummary {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** The sample standard deviation (ddof 1, as pandas reports it); null for a single value. */
  readonly std: number | null;
  /** numpy's default ('linear') quantiles. */
  readonly quantiles: Quantiles;
  /** Equal-width bins over [min, max]: Sturges' rule, kept between 10 and 20 bins. */
  readonly histogram: Histogram;
}

/** One column described: plain JSON (no NaN or Infinity), so it can be stored as an artifact. */
export interface ColumnProfile {
  readonly name: string;
  readonly type: ColumnType;
  /** Rows with a value. */
  readonly count: number;
  /** Rows without one (NaN in a number column, null in a string column). */
  readonly missing: number;
  /** Distinct present values. */
  readonly distinct: number;
  /**
   * The most frequent present values, most frequent first; ±Infinity as the strings
   * "Infinity" and "-Infinity", since JSON has no number for them.
   */
  readonly topValues: readonly ValueCount[];
  /** Rows holding ±Infinity: counted as present, left out of `numeric`. */
  readonly infinite: number;
  /** For a number column with at least one finite value; null otherwise. */
  readonly numeric: NumericSummary | null;
}

export function profileColumn(column: Column): ColumnProfile {
  const base = { name: column.name, type: column.type };
  if (column.type === "number") {
    const sorted = sortedPresentNumbers(column.values);
    const { values, counts } = countSortedValues(sorted);
    const finite = finiteOfSorted(sorted);
    return {
      ...base,
      count: sorted.length,
      missing: column.values.length - sorted.length,
      distinct: values.length,
      topValues: topValues(values, counts, shownTopValues).map(({ value, count }) => ({
        value: typeof value === "number" && !Number.isFinite(value) ? String(value) : value,
        count,
      })),
      infinite: sorted.length - finite.length,
      numeric: finite.length > 0 ? summarize(finite) : null,
    };
  }
  const present = presentStrings(column.values);
  const counts = countValues(present);
  return {
    ...base,
    count: present.length,
    missing: column.values.length - present.length,
    distinct: counts.size,
    topValues: topValues([...counts.keys()], [...counts.values()], shownTopValues),
    infinite: 0,
    numeric: null,
  };
}

/** The finite part of an ascending array: -Infinity sorts first and Infinity last. */
function finiteOfSorted(sorted: Float64Array): Float64Array {
  let start = 0;
  let end = sorted.length;
  while (start < end && sorted[start] === Number.NEGATIVE_INFINITY) start++;
  while (end > start && sorted[end - 1] === Number.POSITIVE_INFINITY) end--;
  return sorted.subarray(start, end);
}

function summarize(sorted: Float64Array): NumericSummary {
  const at = (q: number) => quantileOfSorted(sorted, q);
  return {
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    mean: mean(sorted),
    std: sorted.length > 1 ? standardDeviation(sorted, 1) : null,
    quantiles: { p5: at(0.05), p25: at(0.25), p50: at(0.5), p75: at(0.75), p95: at(0.95) },
    histogram: histogramOfSorted(sorted, histogramBins(sorted.length)),
  };
}

/** Sturges' rule (log2(n) + 1 bins), kept between 10 and 20 so every profile reads alike. */
function histogramBins(count: number): number {
  return Math.min(20, Math.max(10, Math.ceil(Math.log2(count)) + 1));
}
