/** log(2^-1075): exp() of anything below is 0 (cephes' MINLOG). */
const minLog = -745.1332191019412;

/** scipy computes the exact sum up to this n and uses an asymptotic form above it. */
const maxExactN = 1_000_000;

/**
 * The survival function of the one-sided one-sample Smirnov statistic, P(D+_n >= x):
 * scipy.special.smirnov, ported from scipy's cephes _smirnov() (van Mulbregt 2018,
 * arXiv:1802.06966) in double rather than double-double precision, which leaves it within
 * about 1e-12 of scipy. The Birnbaum-Tingey sum
 *   P = x * sum_{v=0}^{floor(n(1-x))} C(n,v) (x + v/n)^(v-1) (1 - x - v/n)^(n-v)
 * is evaluated term by term in logs; when x is small and only a few terms lie above
 * n(1-x), the complementary (alternating) upper sum gives the CDF instead.
 */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const nx = n * x;
  let nxFloor = Math.floor(nx);
  let alpha = nx - nxFloor;
  if (alpha === 1) {
    nxFloor += 1;
    alpha = 0;
  }
  // The lower sum runs to v < n(1-x), the upper one from v > n(1-x): where n(1-x) is an
  // integer its own term is zero and both leave it out.
  const lastLower = n - nxFloor - 1;
  const firstUpper = n - nxFloor + (alpha === 0 ? 1 : 0);

  if (nxFloor === 0 || (nxFloor === 1 && alpha === 0)) return 1 - x * (1 + x) ** (n - 1);
  if (-2 * n * x * x < minLog) return 0;
  if (nxFloor >= n - 1) return (1 - x) ** n;
  if (n > maxExactN) {
    const logP = -((6 * nx + 1) ** 2) / 18 / n;
    return logP < -Math.LN2 ? Math.exp(logP) : 1 + Math.expm1(logP);
  }

  const upperTerms = n - firstUpper + 1;
  const useUpper = (upperTerms <= 1 && x < 0.5) || (n >= 10 && upperTerms <= 3 && x <= 0.5 / Math.sqrt(n));
  const terms = useUpper ? upperTerms : lastLower + 1;
  let sum = useUpper ? (1 + x) ** (n - 1) : (1 - x) ** n / x;
  let logBinomial = Math.log(n);
  for (let j = 1; j < terms; j++) {
    const v = useUpper ? n - j : j;
    const term = Math.exp(logBinomial + (n - v) * logAbs((n - v) / n - x) + (v - 1) * Math.log(v / n + x));
    const signed = (n - v) % 2 === 1 && (n - v) / n - x < 0 ? -term : term;
    sum += signed;
    // Once the terms are negligible against the sum the rest are too (scipy's cut-off).
    if (term !== 0) {
      if (4 * (terms - j) * term < Number.EPSILON * sum && j !== terms - 1) break;
    } else if (j > n / 2) break;
    logBinomial += Math.log((n - j) / (j + 1));
  }
  const probability = Math.min(Math.max(x * sum, 0), 1);
  return useUpper ? 1 - probability : probability;
}

function logAbs(x: number): number {
  return Math.log(Math.abs(x));
}
