/**
 * e^v for v ≤ 0, within 1.5 units in the last place of Math.exp (measured over 2 million
 * draws; 0 below about -745, where Math.exp is 0 or its least subnormal). Softmax needs one exponential per row and class, of scores
 * less their row's maximum, so never positive: on the 10-class, 64-feature bench problem
 * Math.exp took a quarter of each loss evaluation, and this takes under half its time (V8
 * calls out to C for Math.exp; this stays inline). Hand-written numeric kernel, part of the
 * heart of our many-class logistic regression's speed.
 *
 * Tang's method: v = (m / STEPS) ln 2 + r with m an integer and |r| ≤ ln 2 / (2 STEPS), so
 * e^v = 2^⌊m / STEPS⌋ · 2^((m mod STEPS) / STEPS) · e^r, the two powers of two from tables and
 * e^r − 1 from its Taylor series, whose first term left out is below 10⁻¹⁹ at that |r|.
 */
export function expNonPositive(v: number): number {
  const clamped = Math.max(v, LOWEST);
  // Adding and subtracting 1.5 × 2⁵² rounds to the nearest integer, without Math.round's cost.
  const m = clamped * STEPS_PER_LN2 + ROUNDER - ROUNDER;
  const r = clamped - m * LN2_HI_PER_STEP - m * LN2_LO_PER_STEP;
  const expm1 = r * (1 + r * (1 / 2 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r / 720)))));
  const steps = m | 0;
  const fraction = FRACTIONS[steps & (STEPS - 1)]!;
  // fraction + fraction × expm1 rather than fraction × (1 + expm1): one rounding fewer.
  // ⌈-steps / STEPS⌉, the whole powers of two to divide by, without -0 as an index.
  return (fraction + fraction * expm1) * POWERS_OF_HALF[(STEPS - 1 - steps) >> STEP_BITS]!;
}

const STEP_BITS = 6;
const STEPS = 1 << STEP_BITS;
const STEPS_PER_LN2 = STEPS / Math.LN2;
/** ln 2 split as fdlibm splits it: the high part's last bits are zero, so m × it is exact. */
const LN2_HI_PER_STEP = 0.6931471803691238 / STEPS;
const LN2_LO_PER_STEP = 1.9082149292705877e-10 / STEPS;
const ROUNDER = 1.5 * 2 ** 52;
/** Below this e^v is 0 in doubles (2^-1075 rounds to 0): the tables stop there. */
const LOWEST = -745.2;
/** 2^(j / STEPS) for j in 0..STEPS-1. */
const FRACTIONS = Float64Array.from({ length: STEPS }, (_, j) => 2 ** (j / STEPS));
/** 2^-e for e from 0 to as far as LOWEST reaches (the last ones 0). */
const POWERS_OF_HALF = Float64Array.from({ length: Math.ceil((-LOWEST * STEPS_PER_LN2 + 1) / STEPS) + 1 }, (_, e) => 2 ** -e);
