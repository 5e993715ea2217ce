import type { Matrix } from "../../matrix.ts";

/**
 * x·w + b for each row, into `out` (at least x.rows long). Hand-written numeric kernel, the
 * heart of the linear models' predict and of logistic regression's fit: it takes the rows four
 * at a time, so each coefficient loaded serves four multiply-adds and four independent sums
 * proceed side by side (about 2.5× the one-row loop). Rows past the end stand in as copies of
 * the last row and are not stored, so there is no tail loop.
 */
export function linearPredict(
  x: Matrix,
  coefficients: Float64Array,
  intercept: number,
  out: Float64Array = new Float64Array(x.rows),
): Float64Array {
  const d = x.cols;
  const rows = x.rows;
  const data = x.data;
  const last = (rows - 1) * d;
  for (let i = 0; i < rows; i += 4) {
    const o0 = i * d;
    const o1 = Math.min(o0 + d, last);
    const o2 = Math.min(o0 + 2 * d, last);
    const o3 = Math.min(o0 + 3 * d, last);
    let z0 = intercept;
    let z1 = intercept;
    let z2 = intercept;
    let z3 = intercept;
    for (let j = 0; j < d; j++) {
      const w = coefficients[j]!;
      z0 += w * data[o0 + j]!;
      z1 += w * data[o1 + j]!;
      z2 += w * data[o2 + j]!;
      z3 += w * data[o3 + j]!;
    }
    out[i] = z0;
    if (i + 1 < rows) out[i + 1] = z1;
    if (i + 2 < rows) out[i + 2] = z2;
    if (i + 3 < rows) out[i + 3] = z3;
  }
  return out;
}

