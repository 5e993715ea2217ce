/** The two-sample Kolmogorov-Smirnov statistic and where it is attained. */
export interface KsStatistic {
  /** D = max |F_reference(x) - F_current(x)| over the pooled sample. */
  readonly statistic: number;
  /** The pooled value x at which D is attained (scipy's `statistic_location`). */
  readonly location: number;
  /** +1 when the reference's ECDF is above the current one's there, -1 when below. */
  readonly sign: 1 | -1;
}

/**
 * D as scipy.stats.ks_2samp finds it, from two ascending, non-empty samples, in one merge
 * pass. scipy evaluates the ECDF difference at every pooled value, reference values first,
 * and takes the first extreme; keeping each side's extremes apart lets the pass report the
 * location scipy reports when several values tie.
 */
export function ksStatistic(reference: Float64Array, current: Float64Array): KsStatistic {
  const n1 = reference.length;
  const n2 = current.length;
  const fromReference = new Extremes();
  const fromCurrent = new Extremes();
  let i = 0;
  let j = 0;
  while (i < n1 || j < n2) {
    const x = Math.min(i < n1 ? reference[i]! : Infinity, j < n2 ? current[j]! : Infinity);
    const inReference = i < n1 && reference[i] === x;
    const inCurrent = j < n2 && current[j] === x;
    while (i < n1 && reference[i]! <= x) i++;
    while (j < n2 && current[j]! <= x) j++;
    const difference = i / n1 - j / n2;
    if (inReference) fromReference.see(difference, x);
    if (inCurrent) fromCurrent.see(difference, x);
  }
  // On a tie scipy's first occurrence is the reference value.
  const [max, maxAt] =
    fromReference.max >= fromCurrent.max
      ? [fromReference.max, fromReference.maxAt]
      : [fromCurrent.max, fromCurrent.maxAt];
  const [min, minAt] =
    fromReference.min <= fromCurrent.min
      ? [fromReference.min, fromReference.minAt]
      : [fromCurrent.min, fromCurrent.minAt];
  const minStatistic = Math.min(Math.max(-min, 0), 1);
  return minStatistic > max
    ? { statistic: minStatistic, location: minAt, sign: -1 }
    : { statistic: max, location: maxAt, sign: 1 };
}

/** The first largest and first smallest ECDF difference seen, and where. */
class Extremes {
  max = Number.NEGATIVE_INFINITY;
  maxAt = Number.NaN;
  min = Number.POSITIVE_INFINITY;
  minAt = Number.NaN;

  see(difference: number, at: number): void {
    if (difference > this.max) {
      this.max = difference;
      this.maxAt = at;
    }
    if (difference < this.min) {
      this.min = difference;
      this.minAt = at;
    }
  }
}
