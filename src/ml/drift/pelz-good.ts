import { clipProbability } from "./scaled-float.ts";

const piSquared = Math.PI ** 2;
const piFour = Math.PI ** 4;
const piSix = Math.PI ** 6;
const sqrt2Pi = Math.sqrt(2 * Math.PI);

/**
 * The Pelz-Good (1976) approximation of P(D_n <= x) for the two-sided one-sample KS
 * statistic: the Li-Chien/Korolyuk expansion K0(z) + K1(z)/sqrt(n) + K2(z)/n + K3(z)/n^1.5,
 * z = x sqrt(n), rewritten through Jacobi theta identities into sums that converge for
 * small z. scipy uses it for large n where the exact methods are too slow. Ported from
 * scipy.stats._ksstats._kolmogn_PelzGood.
 */
export function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z ** 2;
  const z3 = z ** 3;
  const z4 = z ** 4;
  const z6 = z ** 6;
  const qLog = -piSquared / 8 / z2;
  // exp() of anything below -708 underflows: the CDF is 0 to double precision.
  if (qLog < -708) return 0;
  const q = Math.exp(qLog);

  const k1a = -z2;
  const k1b = piSquared / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * piSquared) / 4;
  const k2c = (piFour * (1 - 2 * z2)) / 16;
  const k3d = (piSix * (5 - 30 * z2)) / 64;
  const k3c = (piFour * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (piSquared * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;

  // Horner in q^8k over odd m = 2k - 1 for the four series at once.
  const terms = [0, 0, 0, 0];
  const maxK = Math.ceil((16 * z) / Math.PI);
  for (let k = maxK; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m ** 2;
    const m4 = m ** 4;
    const m6 = m ** 6;
    const qPower = q ** (8 * k);
    const coefficients = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) terms[i] = terms[i]! * qPower + coefficients[i]!;
  }
  const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) terms[i] = (terms[i]! * q * sqrt2Pi) / divisors[i]!;

  // The remaining sums over all k >= 1, small enough to add directly.
  const q2 = Math.exp(-piSquared / 2 / z2);
  const sqrt3z = Math.sqrt(3) * z;
  let k2Extra = 0;
  let k3Extra = 0;
  for (let k = maxK; k > 0; k--) {
    const k2 = k ** 2;
    const weight = k2 * q2 ** k2;
    const kPi = Math.PI * k;
    k2Extra += weight;
    k3Extra += (sqrt3z + kPi) * (sqrt3z - kPi) * weight;
  }
  terms[2] = terms[2]! + (k2Extra * piSquared * sqrt2Pi) / (-36 * z3);
  terms[3] = terms[3]! + (k3Extra * piSquared * sqrt2Pi) / (216 * z6);

  let cdf = 0;
  for (let i = 0; i < 4; i++) cdf += terms[i]! / n ** (i / 2);
  return clipProbability(cdf);
}
