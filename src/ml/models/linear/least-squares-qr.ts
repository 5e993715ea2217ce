import type { Matrix } from "../../matrix.ts";

/**
 * A column whose part not explained by the columns before it is below this fraction of its
 * own length is treated as dependent: solving with it would amplify rounding error by more
 * than 1e10 and give meaningless coefficients.
 */
const RANK_TOLERANCE = 1e-10;

/** The solution, or the first column (0-based) that is constant or a combination of earlier ones. */
export type LeastSquaresResult =
  | { readonly solution: Float64Array }
  | { readonly dependentColumn: number; readonly constant: boolean };

/**
 * Minimises |A w - b|² by Householder QR: A = QR, then R w = Qᵀb by back substitution.
 * QR rather than the normal equations (AᵀA w = Aᵀb) because it works on A itself, whose
 * condition number is the square root of AᵀA's, so nearly collinear features lose half as
 * many digits. Hand-written numeric kernel: A is copied column-major so that each
 * reflection walks contiguous memory; O(n d²) for n rows and d columns.
 */
export function leastSquaresQr(a: Matrix, b: Float64Array): LeastSquaresResult {
  const n = a.rows;
  const d = a.cols;
  const r = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) r[j * n + i] = a.data[i * d + j]!;
  const qtb = Float64Array.from(b);
  const diagonal = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const column = j * n;
    let columnNorm = 0;
    for (let i = 0; i < n; i++) columnNorm += r[column + i]! ** 2;
    let tailSquared = 0;
    for (let i = j; i < n; i++) tailSquared += r[column + i]! ** 2;
    const tail = Math.sqrt(tailSquared);
    if (!(tail > RANK_TOLERANCE * Math.sqrt(columnNorm))) {
      return { dependentColumn: j, constant: columnNorm === 0 };
    }
    // Reflect x = r[j..n-1, j] onto alpha·e1, choosing alpha's sign to avoid cancellation.
    const x0 = r[column + j]!;
    const alpha = x0 > 0 ? -tail : tail;
    r[column + j] = x0 - alpha; // v = x - alpha·e1, kept in place below the diagonal
    const vv = tailSquared - x0 * x0 + (x0 - alpha) ** 2;
    for (let k = j + 1; k < d; k++) reflect(r, column, r, k * n, j, n, vv);
    reflect(r, column, qtb, 0, j, n, vv);
    diagonal[j] = alpha;
  }
  const w = new Float64Array(d);
  for (let j = d - 1; j >= 0; j--) {
    let sum = qtb[j]!;
    for (let k = j + 1; k < d; k++) sum -= r[k * n + j]! * w[k]!;
    w[j] = sum / diagonal[j]!;
  }
  return { solution: w };
}

/** target[j..n-1] -= (2 v·target / v·v) v, with v at v[vOffset + j..]. */
function reflect(
  v: Float64Array,
  vOffset: number,
  target: Float64Array,
  targetOffset: number,
  j: number,
  n: number,
  vv: number,
): void {
  let dot = 0;
  for (let i = j; i < n; i++) dot += v[vOffset + i]! * target[targetOffset + i]!;
  const factor = (2 * dot) / vv;
  for (let i = j; i < n; i++) target[targetOffset + i] = target[targetOffset + i]! - factor * v[vOffset + i]!;
}
