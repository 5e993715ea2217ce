/**
 * A dense row-major matrix of doubles: row r, column c is data[r * cols + c].
 * Row-major because the kernels walk one sample (row) at a time.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function createMatrix(
  rows: number,
  cols: number,
  data = new Float64Array(rows * cols),
): Matrix {
  if (data.length !== rows * cols) {
    throw new RangeError(
      `a ${rows}x${cols} matrix needs ${rows * cols} values, got ${data.length}`,
    );
  }
  return { rows, cols, data };
}
