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
  const gradient = new Float64Array(n);
  const hessian = new Float64Array(n * n);
  for (let i = 0; i < x.rows; i++) {
    const p = sigmoid(score(x, i, theta));
    const residual = p - y[i]!;
    const weight = p * (1 - p);
    const offset = i * d;
    // Row i extended with a 1 for the intercept; only the upper triangle is accumulated.
    for (let j = 0; j < n; j++) {
      const xj = j < d ? x.data[offset + j]! : 1;
      gradient[j] = gradient[j]! + residual * xj;
      const wxj = weight * xj;
      for (let k = j; k < n; k++) {
        const xk = k < d ? x.data[offset + k]! : 1;
        hessian[j * n + k] = hessian[j * n + k]! + wxj * xk;
      }
    }
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
