import { compensatedSum } from "./sum.ts";

/** The arithmetic mean of a non-empty sample. */
export function mean(values: Float64Array): number {
  if (values.length === 0) throw new RangeError("the mean of an empty sample is undefined");
  return compensatedSum(values) / values.length;
}

/**
 * The standard deviation with `ddof` delta degrees of freedom, as numpy.std computes it
 * (two passes: the mean, then the squared deviations from it). ddof 0 is the population
 * value (numpy's default, which Evidently normalises by); ddof 1 the sample value
 * (pandas' default, and what the profile and the `std` expectation report).
 */
export function standardDeviation(values: Float64Array, ddof: 0 | 1): number {
  if (values.length <= ddof) {
    throw new RangeError(`a standard deviation with ddof ${ddof} needs more than ${ddof} values`);
  }
  const center = mean(values);
  const squares = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) squares[i] = (values[i]! - center) ** 2;
  return Math.sqrt(compensatedSum(squares) / (values.length - ddof));
}
