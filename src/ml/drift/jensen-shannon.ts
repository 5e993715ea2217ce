/**
 * The Jensen-Shannon divergence of two histograms over the same bins, each normalised to
 * sum 1: (KL(p || m) + KL(q || m)) / 2 with m = (p + q) / 2, in logarithms of `base`
 * (natural by default, bounded by ln 2; base 2 bounds it by 1). Empty bins need no
 * smoothing: a zero share contributes nothing. As scipy.spatial.distance.jensenshannon
 * computes it, squared.
 */
export function jensenShannonDivergence(p: readonly number[], q: readonly number[], base = Math.E): number {
  if (p.length !== q.length) throw new RangeError(`histograms of ${p.length} and ${q.length} bins`);
  const pTotal = total(p);
  const qTotal = total(q);
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]! / pTotal;
    const qi = q[i]! / qTotal;
    const mi = (pi + qi) / 2;
    sum += relativeEntropy(pi, mi) + relativeEntropy(qi, mi);
  }
  return sum / Math.log(base) / 2;
}

/** The Jensen-Shannon distance: the square root of the divergence, a metric. */
export function jensenShannonDistance(p: readonly number[], q: readonly number[], base = Math.E): number {
  return Math.sqrt(jensenShannonDivergence(p, q, base));
}

/** scipy.special.rel_entr for m >= x/2 > 0 or x = 0. */
function relativeEntropy(x: number, m: number): number {
  return x === 0 ? 0 : x * Math.log(x / m);
}

function total(counts: readonly number[]): number {
  let sum = 0;
  for (const count of counts) sum += count;
  return sum;
}
