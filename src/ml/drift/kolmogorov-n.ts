import { durbinMatrixCdf } from "./durbin-matrix.ts";
import { pelzGoodCdf } from "./pelz-good.ts";
import { pomeranzCdf } from "./pomeranz.ts";
import { clipProbability } from "./scaled-float.ts";
import { smirnovSf } from "./smirnov.ts";

/**
 * P(D_n >= x) for the two-sided one-sample KS statistic with n observations:
 * scipy.stats.kstwo.sf(x, n), which scipy's two-sample 'asymp' p-value evaluates at
 * n = round(n1 n2 / (n1 + n2)). Following Simard and L'Ecuyer (2011) as scipy does, it
 * picks per (n, x) between the Ruben-Gambino closed forms, 2 * Smirnov's one-sided tail
 * (exact for x >= 0.5, and accurate in the far tail), and 1 - CDF from Durbin's matrix,
 * Pomeranz's recursion or the Pelz-Good expansion. Ported from scipy.stats._ksstats._kolmogn.
 */
export function kolmogorovNSf(n: number, x: number): number {
  if (!(Number.isInteger(n) && n > 0)) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    return clipProbability(1 - rubenGambinoCdf(n, t));
  }
  if (t >= n - 1) return clipProbability(2 * (1 - x) ** n);
  if (x >= 0.5) return clipProbability(2 * smirnovSf(n, x));

  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clipProbability(1 - durbinMatrixCdf(n, x));
    if (nxSquared <= 4) return clipProbability(1 - pomeranzCdf(n, x));
    return clipProbability(2 * smirnovSf(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clipProbability(2 * smirnovSf(n, x));
  const cdf = n <= 100000 && n * x ** 1.5 <= 1.4 ? durbinMatrixCdf(n, x) : pelzGoodCdf(n, x);
  return clipProbability(1 - cdf);
}

/** P(D_n <= x) for 1/(2n) < x <= 1/n, which is n! (2t - 1)^n / n^n with t = nx. */
function rubenGambinoCdf(n: number, t: number): number {
  if (n <= 140) {
    let product = 1;
    for (let i = 1; i <= n; i++) product *= i * (1 / n) * (2 * t - 1);
    return product;
  }
  return Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
}

/** Stirling's coefficients B_2j / (2j (2j - 1)) for j = 8 down to 1, highest power first. */
const stirling = [-3617 / 122400, 1 / 156, -691 / 360360, 1 / 1188, -1 / 1680, 1 / 1260, -1 / 360, 1 / 12];

/** log(n! / n^n) by Stirling's series with n log n cancelled analytically. */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  let series = 0;
  for (const coefficient of stirling) series = series * (rn / n) + coefficient;
  return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + rn * series;
}
