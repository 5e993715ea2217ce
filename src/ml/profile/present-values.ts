/** The numbers of a column without its missing values (NaN), as a new array safe to sort. */
export function presentNumbers(values: Float64Array): Float64Array {
  let count = 0;
  for (const value of values) if (!Number.isNaN(value)) count++;
  const present = new Float64Array(count);
  let next = 0;
  for (const value of values) if (!Number.isNaN(value)) present[next++] = value;
  return present;
}

/** The present numbers in ascending order, which quantiles, histograms and drift tests need. */
export function sortedPresentNumbers(values: Float64Array): Float64Array {
  return presentNumbers(values).sort();
}

/** The strings of a column without its missing values (null). */
export function presentStrings(values: readonly (string | null)[]): string[] {
  return values.filter((value): value is string => value !== null);
}
