import type { Matrix } from "../../matrix.ts";

/** x·w + b for each row. Hand-written numeric kernel: one pass, no allocation per row. */
export function linearPredict(x: Matrix, coefficients: Float64Array, intercept: number): Float64Array {
  const d = x.cols;
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let sum = intercept;
    for (let j = 0; j < d; j++) sum += coefficients[j]! * x.data[i * d + j]!;
    out[i] = sum;
  }
  return out;
}
