import type { Matrix } from "../../matrix.ts";

/** The column of each row's largest value; ties go to the first, as numpy's argmax. */
export function argmaxRows(m: Matrix): Int32Array {
  const result = new Int32Array(m.rows);
  for (let r = 0; r < m.rows; r++) {
    let best = 0;
    for (let c = 1; c < m.cols; c++) {
      if (m.data[r * m.cols + c]! > m.data[r * m.cols + best]!) best = c;
    }
    result[r] = best;
  }
  return result;
}
