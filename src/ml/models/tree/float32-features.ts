import { createMatrix, type Matrix } from "../../matrix.ts";

/**
 * scikit-learn's decision trees and random forests work on float32 features: they convert X
 * to float32 before fitting and before predicting, and place thresholds midway between two
 * float32 values. Our CART trees do the same, so that they split and predict as scikit-learn's
 * do. It matters on data on a grid (iris's 0.1 cm steps): a test value often lies exactly
 * midway between two training values, where the side it goes to is decided by rounding. In
 * float64 that rounding changes with the tiny errors a StandardScaler leaves, which on iris
 * cost a test row in most seeds; rounded to float32, the scaled values split as the raw ones.
 */

/** x with every value rounded to float32 (still stored as doubles). */
export function float32Features(x: Matrix): Matrix {
  return createMatrix(x.rows, x.cols, x.data.map(Math.fround));
}

/**
 * The largest double v with fround(v) <= t: a tree that sends `value <= float32Threshold(t)`
 * left decides on raw doubles exactly as scikit-learn's `float32(value) <= t` does, so
 * prediction needs no rounding and saved trees keep their meaning.
 */
export function float32Threshold(t: number): number {
  let below = Math.fround(t);
  if (below > t) below = float32Step(below, -1);
  const above = float32Step(below, 1);
  if (!Number.isFinite(above)) return t;
  // Exact in double: two neighbouring float32 values differ in their last of 24 bits.
  const middle = below / 2 + above / 2;
  // A double exactly midway rounds to the float32 with an even last bit.
  return Math.fround(middle) === below ? middle : doubleBelow(middle);
}

const float32 = new Float32Array(1);
const float32Bits = new Int32Array(float32.buffer);
const float64 = new Float64Array(1);
const float64Bits = new BigInt64Array(float64.buffer);

/** The float32 next to `value` (a float32) upwards (direction 1) or downwards (-1). */
function float32Step(value: number, direction: 1 | -1): number {
  if (value === 0) return direction * 2 ** -149;
  float32[0] = value;
  // Float bits order like sign-magnitude integers: away from zero is +1 on the bits.
  float32Bits[0] = float32Bits[0]! + (value > 0 ? direction : -direction);
  return float32[0]!;
}

function doubleBelow(value: number): number {
  if (value === 0) return -Number.MIN_VALUE;
  float64[0] = value;
  float64Bits[0] = float64Bits[0]! + (value > 0 ? -1n : 1n);
  return float64[0]!;
}
