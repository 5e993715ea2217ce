/**
 * numpy.quantile's default ('linear') method on an ascending sample without NaN: position
 * (n - 1) * q, interpolated between its neighbours. Like numpy, it interpolates from the
 * nearer neighbour, so equal neighbours give exactly their value.
 */
export function quantileOfSorted(sorted: Float64Array, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile ${q} is outside [0, 1]`);
  const n = sorted.length;
  if (n === 0) throw new RangeError("the quantile of an empty sample is undefined");
  const position = (n - 1) * q;
  if (position >= n - 1) return sorted[n - 1]!;
  const below = Math.floor(position);
  const weight = position - below;
  const low = sorted[below]!;
  const high = sorted[below + 1]!;
  const difference = high - low;
  return weight >= 0.5 ? high - difference * (1 - weight) : low + difference * weight;
}
