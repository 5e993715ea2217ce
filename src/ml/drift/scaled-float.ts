/**
 * Intermediate results of the KS distribution algorithms span far more than a double's
 * exponent range; they are kept scaled by powers of 2^128 and the exponent applied last.
 */
export const scaleExponent = 128;
export const scaleUp = 2 ** scaleExponent;
export const scaleDown = 2 ** -scaleExponent;

/** x * 2^exponent (C's ldexp), in steps so no intermediate power of two overflows. */
export function ldexp(x: number, exponent: number): number {
  let result = x;
  let remaining = exponent;
  while (remaining > 1000) {
    result *= 2 ** 1000;
    remaining -= 1000;
  }
  while (remaining < -1000) {
    result *= 2 ** -1000;
    remaining += 1000;
  }
  return result * 2 ** remaining;
}

export function clipProbability(p: number): number {
  return Math.min(Math.max(p, 0), 1);
}
