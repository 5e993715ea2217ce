import { standardDeviation } from "../profile/moments.ts";
import { compensatedSum } from "../profile/sum.ts";
import { requireValues } from "./require-values.ts";

/**
 * The 1-D Wasserstein (earth mover's) distance between two empirical distributions,
 * the integral of |F_reference - F_current|, as scipy.stats.wasserstein_distance computes it
 * unweighted. In the data's units: 0.5 means the current data sits half a unit away.
 */
export function wassersteinDistance(reference: Float64Array, current: Float64Array): number {
  requireValues(reference, "reference");
  requireValues(current, "current");
  return wassersteinOfSorted(reference.slice().sort(), current.slice().sort());
}

/** wassersteinDistance of two ascending, non-empty samples. */
export function wassersteinOfSorted(u: Float64Array, v: Float64Array): number {
  const areas: number[] = [];
  let i = 0;
  let j = 0;
  let x = Math.min(u[0]!, v[0]!);
  while (i < u.length || j < v.length) {
    while (i < u.length && u[i]! <= x) i++;
    while (j < v.length && v[j]! <= x) j++;
    const next = Math.min(i < u.length ? u[i]! : Infinity, j < v.length ? v[j]! : Infinity);
    if (next === Infinity) break;
    areas.push(Math.abs(i / u.length - j / v.length) * (next - x));
    x = next;
  }
  return compensatedSum(areas);
}

/**
 * Evidently's scale-free form: the distance over the reference's population standard
 * deviation (numpy.std), so 0.1 means a tenth of a standard deviation whatever the units.
 * A constant reference divides by 0.001 instead of 0, as Evidently does.
 */
export function normedWassersteinDistance(reference: Float64Array, current: Float64Array): number {
  const distance = wassersteinDistance(reference, current);
  return distance / Math.max(standardDeviation(reference, 0), 0.001);
}
