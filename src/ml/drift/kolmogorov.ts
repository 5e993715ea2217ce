/**
 * The survival function of Kolmogorov's limiting distribution,
 * P(K > x) = 2 * sum_{k>=1} (-1)^(k-1) exp(-2 k^2 x^2): scipy.stats.kstwobign.sf, ported from
 * scipy's cephes kolmogorov(). That series converges slowly for small x, so below 0.82 the
 * Jacobi-theta form 1 - sqrt(2 pi)/x * sum_{k>=1} exp(-(2k-1)^2 pi^2 / (8 x^2)) is used.
 * The two-sample KS p-value in the large-sample limit is kolmogorovSf(sqrt(en) * D),
 * en = n1 n2 / (n1 + n2).
 */
export function kolmogorovSf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  // Below this every term of the theta series underflows: the CDF is 0.
  if (x <= Math.PI / Math.sqrt(746 * 8)) return 1;
  if (x <= 0.82) {
    const w = Math.sqrt(2 * Math.PI) / x;
    const logU8 = (-Math.PI * Math.PI) / (x * x);
    const u = Math.exp(logU8 / 8);
    if (u === 0) return clip(1 - Math.exp(logU8 / 8 + Math.log(w)));
    const u8 = Math.exp(logU8);
    let p = 1 + u8 ** 3;
    p = 1 + u8 * u8 * p;
    p = 1 + u8 * p;
    return clip(1 - w * u * p);
  }
  // 2 (v - v^4 + v^9 - v^16), v = exp(-2x^2), nested; further terms are below 1 ulp here.
  const v = Math.exp(-2 * x * x);
  const v3 = v ** 3;
  let p = 1 - v3 * v3 * v;
  p = 1 - v3 * v * v * p;
  p = 1 - v3 * p;
  return clip(2 * v * p);
}

function clip(p: number): number {
  return Math.min(Math.max(p, 0), 1);
}
