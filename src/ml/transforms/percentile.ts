/**
 * Order statistics as numpy computes them, over values already sorted ascending.
 * Hand-written numeric kernels: O(1) on the sorted array.
 */

/** The middle value, or the mean of the two middle values (np.median). */
export function median(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  const middle = Math.floor(n / 2);
  return n % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The q-th percentile (0..100) with linear interpolation between ranks (np.percentile's default). */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const position = ((sorted.length - 1) * q) / 100;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const fraction = position - below;
  const low = sorted[below]!;
  const high = sorted[above]!;
  // numpy's _lerp: interpolate from the nearer end, which keeps the result within [low, high].
  return fraction >= 0.5 ? high - (high - low) * (1 - fraction) : low + (high - low) * fraction;
}

/** The values that are not NaN, sorted ascending. */
export function sortedPresent(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values)
    .filter((v) => !Number.isNaN(v))
    .sort();
}
