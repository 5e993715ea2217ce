import type { Matrix } from "../matrix.ts";

/**
 * The objective scikit-learn's LogisticRegression minimises, divided by C (same minimiser):
 *   sum_i [log(1 + e^z_i) - y_i z_i] + |w|² / (2C),  z_i = w·x_i + b,
 * with parameters theta = [w_1..w_d, b] and the intercept b not penalised.
 * Hand-written numeric kernels: one pass over the rows per call, no allocation per row.
 */

/** 1 / (1 + e^-z) without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + e^z) without overflow for large z. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

export function score(x: Matrix, row: number, theta: Float64Array): number {
  const d = x.cols;
  const offset = row * d;
  let z = theta[d]!;
  for (let j = 0; j < d; j++) z += theta[j]! * x.data[offset + j]!;
  return z;
}

export function penalizedLoss(x: Matrix, y: Float64Array, theta: Float64Array, c: number): number {
  let loss = 0;
  for (let i = 0; i < x.rows; i++) {
    const z = score(x, i, theta);
    loss += softplus(z) - y[i]! * z;
  }
  let squaredNorm = 0;
  for (let j = 0; j < x.cols; j++) squaredNorm += theta[j]! ** 2;
  return loss + squaredNorm / (2 * c);
}

/** Gradient (length d+1) and Hessian ((d+1)², row-major) of penalizedLoss at theta. */
export function gradientAndHessian(
  x: Matrix,
  y: Float64Array,
  theta: Float64Array,
  c: number,
): { gradient: Float64Array; hessian: Float64Array } {
  const d = x.cols;
  const n = d + 1;
  const data = x.data;
  const gradient = new Float64Array(n);
  const hessian = new Float64Array(n * n);
  // The hot loop: the feature block has no branches (the intercept column, always 1, is
  // handled after it), so V8 keeps it to straight multiply-adds on the typed arrays.
  for (let i = 0; i < x.rows; i++) {
    const offset = i * d;
    let z = theta[d]!;
    for (let j = 0; j < d; j++) z += theta[j]! * data[offset + j]!;
    const p = sigmoid(z);
    const residual = p - y[i]!;
    const weight = p * (1 - p);
    for (let j = 0; j < d; j++) {
      const xj = data[offset + j]!;
      gradient[j] = gradient[j]! + residual * xj;
      const wxj = weight * xj;
      const rowStart = j * n;
      for (let k = j; k < d; k++) hessian[rowStart + k] = hessian[rowStart + k]! + wxj * data[offset + k]!;
      hessian[rowStart + d] = hessian[rowStart + d]! + wxj;
    }
    gradient[d] = gradient[d]! + residual;
    hessian[d * n + d] = hessian[d * n + d]! + weight;
  }
  for (let j = 0; j < d; j++) {
    gradient[j] = gradient[j]! + theta[j]! / c;
    hessian[j * n + j] = hessian[j * n + j]! + 1 / c;
  }
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) hessian[j * n + k] = hessian[k * n + j]!;
  }
  return { gradient, hessian };
}
