import type { Matrix } from "../../matrix.ts";

/** The column of each row's largest value, the first on ties (numpy's argmax). */
export function argmaxRows(m: Matrix): Int32Array {
  const out = new Int32Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let best = 0;
    for (let k = 1; k < m.cols; k++) if (m.data[i * m.cols + k]! > m.data[i * m.cols + best]!) best = k;
    out[i] = best;
  }
  return out;
}
