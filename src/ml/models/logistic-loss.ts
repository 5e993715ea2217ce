import type { Matrix } from "../matrix.ts";
import { linearPredict } from "./linear/linear-predict.ts";
import type { ConvexObjective } from "./linear/newton-minimize.ts";

/**
 * The objective scikit-learn's LogisticRegression minimises, divided by C (same minimiser):
 *   sum_i [log(1 + e^z_i) - y_i z_i] + |w|² / (2C),  z_i = w·x_i + b,
 * with parameters theta = [w_1..w_d, b] and the intercept b not penalised.
 * Hand-written numeric kernels, the heart of our logistic regression's speed: one pass over
 * the rows per call, buffers allocated once per fit, and the O(d²) Hessian pass working on
 * four rows at a time (see weightedGram).
 */
export class BinaryLogisticLoss implements ConvexObjective {
  readonly size: number;
  /** z_i, p_i - y_i and p_i (1 - p_i) at the latest lossAndGradient point. */
  private readonly scores: Float64Array;
  private readonly residuals: Float64Array;
  private readonly weights: Float64Array;

  constructor(
    private readonly x: Matrix,
    private readonly y: Float64Array,
    private readonly c: number,
  ) {
    this.size = x.cols + 1;
    // Rounded up to whole blocks of four rows, the padding left at 0 (see transposedProduct).
    const padded = Math.ceil(x.rows / 4) * 4;
    this.scores = new Float64Array(x.rows);
    this.residuals = new Float64Array(padded);
    this.weights = new Float64Array(padded);
  }

  lossAndGradient(theta: Float64Array, gradient: Float64Array): number {
    const { x, y, scores, residuals, weights } = this;
    const d = x.cols;
    linearPredict(x, theta.subarray(0, d), theta[d]!, scores);
    let loss = 0;
    for (let i = 0; i < x.rows; i++) {
      const z = scores[i]!;
      // One exp serves the loss and the probability without overflow: with e = e^-|z|,
      // log(1 + e^z) = max(z, 0) + log1p(e), p = 1/(1 + e) or e/(1 + e), p(1 - p) = e/(1 + e)².
      const e = Math.exp(-Math.abs(z));
      const q = 1 / (1 + e);
      loss += Math.max(z, 0) + Math.log1p(e) - y[i]! * z;
      residuals[i] = (z >= 0 ? q : e * q) - y[i]!;
      weights[i] = e * q * q;
    }
    transposedProduct(x, residuals, gradient);
    let squaredNorm = 0;
    for (let j = 0; j < d; j++) {
      squaredNorm += theta[j]! ** 2;
      gradient[j] = gradient[j]! + theta[j]! / this.c;
    }
    return loss + squaredNorm / (2 * this.c);
  }

  hessian(hessian: Float64Array): void {
    const d = this.x.cols;
    const n = d + 1;
    weightedGram(this.x, this.weights, hessian);
    for (let j = 0; j < d; j++) hessian[j * n + j] = hessian[j * n + j]! + 1 / this.c;
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < j; k++) hessian[j * n + k] = hessian[k * n + j]!;
    }
  }
}

/** 1 / (1 + e^-z) without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

// The kernels below (like linearPredict) take the rows four at a time: each pass over the d (or
// d²/2) outputs then does four multiply-adds per load and store of an output, which more than
// halves the time of the one-row loops. Rows past the end stand in as copies of the last row,
// weighted by the zero padding of `v` and `w`, so there is no tail loop.

/** Sets out (length d+1) to [Xᵀv, Σv]: the data term's gradient, intercept last. */
function transposedProduct(x: Matrix, v: Float64Array, out: Float64Array): void {
  const d = x.cols;
  const data = x.data;
  const last = (x.rows - 1) * d;
  out.fill(0);
  for (let i = 0; i < x.rows; i += 4) {
    const o0 = i * d;
    const o1 = Math.min(o0 + d, last);
    const o2 = Math.min(o0 + 2 * d, last);
    const o3 = Math.min(o0 + 3 * d, last);
    const v0 = v[i]!;
    const v1 = v[i + 1]!;
    const v2 = v[i + 2]!;
    const v3 = v[i + 3]!;
    for (let j = 0; j < d; j++) {
      out[j] = out[j]! + v0 * data[o0 + j]! + v1 * data[o1 + j]! + v2 * data[o2 + j]! + v3 * data[o3 + j]!;
    }
    out[d] = out[d]! + v0 + v1 + v2 + v3;
  }
}

/**
 * Sets the upper triangle of the (d+1)² `out` to X̃ᵀ diag(w) X̃, X̃ being X with a column of
 * ones; the lower triangle is left as scratch. Two output rows at a time as well as four
 * input rows: each loaded x then serves eight multiply-adds (about 1.4× faster again).
 */
function weightedGram(x: Matrix, w: Float64Array, out: Float64Array): void {
  const d = x.cols;
  const n = d + 1;
  const data = x.data;
  const last = (x.rows - 1) * d;
  out.fill(0);
  for (let i = 0; i < x.rows; i += 4) {
    const o0 = i * d;
    const o1 = Math.min(o0 + d, last);
    const o2 = Math.min(o0 + 2 * d, last);
    const o3 = Math.min(o0 + 3 * d, last);
    const w0 = w[i]!;
    const w1 = w[i + 1]!;
    const w2 = w[i + 2]!;
    const w3 = w[i + 3]!;
    let j = 0;
    for (; j + 1 < d; j += 2) {
      const a0 = w0 * data[o0 + j]!;
      const a1 = w1 * data[o1 + j]!;
      const a2 = w2 * data[o2 + j]!;
      const a3 = w3 * data[o3 + j]!;
      const b0 = w0 * data[o0 + j + 1]!;
      const b1 = w1 * data[o1 + j + 1]!;
      const b2 = w2 * data[o2 + j + 1]!;
      const b3 = w3 * data[o3 + j + 1]!;
      const rowA = j * n;
      const rowB = rowA + n;
      // From k = j for both rows: row j+1's entry at k = j lies below the diagonal (scratch).
      for (let k = j; k < d; k++) {
        const x0 = data[o0 + k]!;
        const x1 = data[o1 + k]!;
        const x2 = data[o2 + k]!;
        const x3 = data[o3 + k]!;
        out[rowA + k] = out[rowA + k]! + a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3;
        out[rowB + k] = out[rowB + k]! + b0 * x0 + b1 * x1 + b2 * x2 + b3 * x3;
      }
      out[rowA + d] = out[rowA + d]! + a0 + a1 + a2 + a3;
      out[rowB + d] = out[rowB + d]! + b0 + b1 + b2 + b3;
    }
    if (j < d) {
      const a0 = w0 * data[o0 + j]!;
      const a1 = w1 * data[o1 + j]!;
      const a2 = w2 * data[o2 + j]!;
      const a3 = w3 * data[o3 + j]!;
      const row = j * n;
      out[row + j] = out[row + j]! + a0 * data[o0 + j]! + a1 * data[o1 + j]! + a2 * data[o2 + j]! + a3 * data[o3 + j]!;
      out[row + d] = out[row + d]! + a0 + a1 + a2 + a3;
    }
    out[d * n + d] = out[d * n + d]! + w0 + w1 + w2 + w3;
  }
}
