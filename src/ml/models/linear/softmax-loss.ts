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
 * Hand-written numeric kernels: one pass over the rows per call, buffers allocated once per fit.
 */
export class SoftmaxLoss implements ConvexObjective {
  readonly size: number;
  /** Each row's class probabilities at the latest lossAndGradient point, for the Hessian. */
  private readonly probabilities: Float64Array;

  constructor(
    private readonly x: Matrix,
    private readonly y: Int32Array,
    private readonly classCount: number,
    private readonly c: number,
  ) {
    this.size = classCount * (x.cols + 1);
    this.probabilities = new Float64Array(x.rows * classCount);
  }

  lossAndGradient(theta: Float64Array, gradient: Float64Array): number {
    const { x, y, classCount, probabilities } = this;
    const d = x.cols;
    const width = d + 1;
    gradient.fill(0);
    let loss = 0;
    for (let i = 0; i < x.rows; i++) {
      const p = i * classCount;
      loss += softmaxRow(x, i, theta, probabilities, p, y[i]!);
      for (let k = 0; k < classCount; k++) {
        const residual = probabilities[p + k]! - (y[i] === k ? 1 : 0);
        const base = k * width;
        for (let j = 0; j < d; j++) gradient[base + j] = gradient[base + j]! + residual * x.data[i * d + j]!;
        gradient[base + d] = gradient[base + d]! + residual;
      }
    }
    let squaredNorm = 0;
    let interceptSum = 0;
    for (let k = 0; k < classCount; k++) interceptSum += theta[k * width + d]!;
    for (let k = 0; k < classCount; k++) {
      for (let j = 0; j < d; j++) {
        const at = k * width + j;
        squaredNorm += theta[at]! ** 2;
        gradient[at] = gradient[at]! + theta[at]! / this.c;
      }
      gradient[k * width + d] = gradient[k * width + d]! + interceptSum;
    }
    return loss + squaredNorm / (2 * this.c) + interceptSum ** 2 / 2;
  }

  hessian(hessian: Float64Array): void {
    const { x, classCount, probabilities, size } = this;
    const d = x.cols;
    const width = d + 1;
    hessian.fill(0);
    const row = new Float64Array(width);
    row[d] = 1; // the intercept's input
    for (let i = 0; i < x.rows; i++) {
      const p = i * classCount;
      for (let j = 0; j < d; j++) row[j] = x.data[i * d + j]!;
      for (let k = 0; k < classCount; k++) {
        // Block (k, m) of the Hessian gains p_k (δ_km - p_m) x̃ x̃ᵀ; only the upper triangle is accumulated.
        for (let m = k; m < classCount; m++) {
          const weight = probabilities[p + k]! * ((k === m ? 1 : 0) - probabilities[p + m]!);
          for (let j = 0; j < width; j++) {
            const wxj = weight * row[j]!;
            const base = (k * width + j) * size + m * width;
            for (let l = k === m ? j : 0; l < width; l++) hessian[base + l] = hessian[base + l]! + wxj * row[l]!;
          }
        }
      }
    }
    for (let k = 0; k < classCount; k++) {
      for (let j = 0; j < d; j++) {
        const at = k * width + j;
        hessian[at * size + at] = hessian[at * size + at]! + 1 / this.c;
      }
      for (let m = k; m < classCount; m++) {
        const at = (k * width + d) * size + m * width + d;
        hessian[at] = hessian[at]! + 1;
      }
    }
    for (let a = 0; a < size; a++) for (let b = 0; b < a; b++) hessian[a * size + b] = hessian[b * size + a]!;
  }
}

/**
 * Writes row i's class probabilities into out[at..at+k) and returns -log p_label, the row's
 * loss for that label, from the scores so that it stays finite when p_label underflows to 0.
 */
export function softmaxRow(x: Matrix, row: number, theta: Float64Array, out: Float64Array, at: number, label = 0): number {
  const d = x.cols;
  const classCount = theta.length / (d + 1);
  const offset = row * d;
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < classCount; k++) {
    let z = theta[k * (d + 1) + d]!;
    for (let j = 0; j < d; j++) z += theta[k * (d + 1) + j]! * x.data[offset + j]!;
    out[at + k] = z;
    if (z > max) max = z;
  }
  const labelScore = out[at + label]! - max;
  let sum = 0;
  for (let k = 0; k < classCount; k++) {
    out[at + k] = Math.exp(out[at + k]! - max);
    sum += out[at + k]!;
  }
  for (let k = 0; k < classCount; k++) out[at + k] = out[at + k]! / sum;
  return Math.log(sum) - labelScore;
}
