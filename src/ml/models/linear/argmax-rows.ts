import type { Matrix } from "../../matrix.ts";

/** The column of each row's largest value, the first on ties (numpy's argmax). */
export function argmaxRows(m: Matrix): Int32Array {
  const out = new Int32Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = argmaxAt(m.data, i * m.cols, m.cols);
  return out;
}

/** The index (0..width-1) of the largest of values[offset .. offset + width), the first on ties. */
export function argmaxAt(values: Float64Array, offset: number, width: number): number {
  let best = 0;
  for (let k = 1; k < width; k++) if (values[offset + k]! > values[offset + best]!) best = k;
  return best;
}
