import type { Matrix } from "../../matrix.ts";
import type { ConvexObjective } from "./newton-minimize.ts";

/**
 * The objective scikit-learn's multinomial LogisticRegression minimises, divided by C:
 *   sum_i [log sum_c e^z_ic - z_i,y_i] + sum_c |w_c|² / (2C) + (sum_c b_c)² / 2,
 *   z_ic = w_c·x_i + b_c,
 * with theta holding, for each class c in turn, [w_c1..w_cd, b_c]. Adding the same constant
 * to every intercept changes no probability, so the plain loss has a flat valley; the last
 * term, zero at the point scikit-learn's lbfgs reaches from zero (intercepts summing to 0),
 * picks that point and makes the Hessian positive definite.
 * Hand-written numeric kernels: one pass over the rows per call, scratch buffers per call.
 */
export function softmaxObjective(x: Matrix, y: Int32Array, classCount: number, c: number): ConvexObjective {
  const width = x.cols + 1;
  return {
    size: classCount * width,
    loss: (theta) => penalizedLoss(x, y, classCount, theta, c),
    gradientAndHessian: (theta) => gradientAndHessian(x, y, classCount, theta, c),
  };
}

/** Class probabilities of row i into `out` (length k). */
export function softmaxRow(x: Matrix, row: number, theta: Float64Array, out: Float64Array): void {
  const d = x.cols;
  const offset = row * d;
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < out.length; k++) {
    let z = theta[k * (d + 1) + d]!;
    for (let j = 0; j < d; j++) z += theta[k * (d + 1) + j]! * x.data[offset + j]!;
    out[k] = z;
    if (z > max) max = z;
  }
  let sum = 0;
  for (let k = 0; k < out.length; k++) {
    out[k] = Math.exp(out[k]! - max);
    sum += out[k]!;
  }
  for (let k = 0; k < out.length; k++) out[k] = out[k]! / sum;
}

function penalizedLoss(x: Matrix, y: Int32Array, classCount: number, theta: Float64Array, c: number): number {
  const d = x.cols;
  const z = new Float64Array(classCount);
  let loss = 0;
  for (let i = 0; i < x.rows; i++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < classCount; k++) {
      let zk = theta[k * (d + 1) + d]!;
      for (let j = 0; j < d; j++) zk += theta[k * (d + 1) + j]! * x.data[i * d + j]!;
      z[k] = zk;
      if (zk > max) max = zk;
    }
    let sum = 0;
    for (let k = 0; k < classCount; k++) sum += Math.exp(z[k]! - max);
    loss += max + Math.log(sum) - z[y[i]!]!;
  }
  return loss + penalty(theta, classCount, d, c);
}

function penalty(theta: Float64Array, classCount: number, d: number, c: number): number {
  let squaredNorm = 0;
  let interceptSum = 0;
  for (let k = 0; k < classCount; k++) {
    for (let j = 0; j < d; j++) squaredNorm += theta[k * (d + 1) + j]! ** 2;
    interceptSum += theta[k * (d + 1) + d]!;
  }
  return squaredNorm / (2 * c) + interceptSum ** 2 / 2;
}

function gradientAndHessian(
  x: Matrix,
  y: Int32Array,
  classCount: number,
  theta: Float64Array,
  c: number,
): { gradient: Float64Array; hessian: Float64Array } {
  const d = x.cols;
  const width = d + 1;
  const size = classCount * width;
  const gradient = new Float64Array(size);
  const hessian = new Float64Array(size * size);
  const p = new Float64Array(classCount);
  const row = new Float64Array(width);
  row[d] = 1; // the intercept's input
  for (let i = 0; i < x.rows; i++) {
    softmaxRow(x, i, theta, p);
    for (let j = 0; j < d; j++) row[j] = x.data[i * d + j]!;
    for (let k = 0; k < classCount; k++) {
      const residual = p[k]! - (y[i] === k ? 1 : 0);
      for (let j = 0; j < width; j++) gradient[k * width + j] = gradient[k * width + j]! + residual * row[j]!;
      // Block (k, m) of the Hessian gains p_k (δ_km - p_m) x̃ x̃ᵀ; only the upper triangle is accumulated.
      for (let m = k; m < classCount; m++) {
        const weight = p[k]! * ((k === m ? 1 : 0) - p[m]!);
        for (let j = 0; j < width; j++) {
          const wxj = weight * row[j]!;
          const base = (k * width + j) * size + m * width;
          for (let l = k === m ? j : 0; l < width; l++) hessian[base + l] = hessian[base + l]! + wxj * row[l]!;
        }
      }
    }
  }
  let interceptSum = 0;
  for (let k = 0; k < classCount; k++) interceptSum += theta[k * width + d]!;
  for (let k = 0; k < classCount; k++) {
    for (let j = 0; j < d; j++) {
      const at = k * width + j;
      gradient[at] = gradient[at]! + theta[at]! / c;
      hessian[at * size + at] = hessian[at * size + at]! + 1 / c;
    }
    const intercept = k * width + d;
    gradient[intercept] = gradient[intercept]! + interceptSum;
    for (let m = k; m < classCount; m++) {
      const at = intercept * size + m * width + d;
      hessian[at] = hessian[at]! + 1;
    }
  }
  for (let a = 0; a < size; a++) for (let b = 0; b < a; b++) hessian[a * size + b] = hessian[b * size + a]!;
  return { gradient, hessian };
}
