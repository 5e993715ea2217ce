import { createMatrix, type Matrix } from "../../matrix.ts";
import { expNonPositive } from "./exp-non-positive.ts";
import type { ConvexObjective } from "./newton-minimize.ts";

/**
 * The objective scikit-learn's multinomial LogisticRegression minimises, divided by C:
 *   sum_i [log sum_c e^z_ic - z_i,y_i] + sum_c |w_c|² / (2C) + (sum_c b_c)² / 2,
 *   z_ic = w_c·x_i + b_c,
 * with theta holding, for each class c in turn, [w_c1..w_cd, b_c]. Adding the same constant
 * to every intercept changes no probability, so the plain loss has a flat valley; the last
 * term, zero at the point scikit-learn's lbfgs reaches from zero (intercepts summing to 0),
 * picks that point and makes the Hessian positive definite.
 * Hand-written numeric kernels, the heart of our many-class logistic regression's speed: one
 * pass for the scores, one for the gradient, buffers allocated once per fit.
 */
export class SoftmaxLoss implements ConvexObjective {
  readonly size: number;
  /**
   * Each row's class probabilities at the latest lossAndGradient point (for the Hessian), in
   * whole blocks of four rows, the padding rows left at 0 (see blockGradient).
   */
  private readonly probabilities: Float64Array;
  /** For each class c, [Σ x_i, count] over the rows of class c: the label's fixed share of the gradient. */
  private readonly labelSums: Float64Array;

  constructor(
    private readonly x: Matrix,
    private readonly y: Int32Array,
    private readonly classCount: number,
    private readonly c: number,
  ) {
    this.size = classCount * (x.cols + 1);
    this.probabilities = new Float64Array(Math.ceil(x.rows / 4) * 4 * classCount);
    const d = x.cols;
    this.labelSums = new Float64Array(this.size);
    for (let i = 0; i < x.rows; i++) {
      const base = y[i]! * (d + 1);
      for (let j = 0; j < d; j++) this.labelSums[base + j] = this.labelSums[base + j]! + x.data[i * d + j]!;
      this.labelSums[base + d] = this.labelSums[base + d]! + 1;
    }
  }

  lossAndGradient(theta: Float64Array, gradient: Float64Array): number {
    const { x, y, classCount, probabilities, labelSums } = this;
    const d = x.cols;
    const width = d + 1;
    blockScores(x.data, x.rows, d, theta, classCount, probabilities, scoreTiles(theta, classCount, d));
    let loss = 0;
    for (let i = 0; i < x.rows; i++) loss += softmaxInPlace(probabilities, i * classCount, classCount, y[i]!);
    // The data term's gradient, Σ_i (p_i - onehot(y_i)) x̃_i, as Σ_i p_i x̃_i minus the fixed label sums.
    blockGradient(x, probabilities, classCount, gradient);
    for (let at = 0; at < gradient.length; at++) gradient[at] = gradient[at]! - labelSums[at]!;
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

// The two kernels below work on five classes at a time, and four features (scores) or four rows
// (gradient): twenty weights or residuals stay fixed while the inner loop runs, so V8 keeps
// those it cannot hold in registers on the stack, where reading them needs no bounds check,
// and each x loaded serves five multiply-adds. Each measured 0.7–0.8× the time of the four
// rows by two classes kernels before them on the 10-class, 64-feature bench problem, with the
// same sums in the same order. Slots past the last class (or feature) take the last one's
// place with weight (or residual) 0 and so add nothing.

/**
 * Rows the scores kernel sweeps at a time. Few, so that its every path runs early in the first
 * call: V8 optimises the sweep while the first call is still in it, and code that has not run
 * by then deoptimises when it is reached (with 256 rows the first evaluation of the bench's
 * 10-class problem in a fresh process deoptimised and took 150–350 ms on a loaded machine;
 * with 16 it does not). The rows swept stay in cache.
 */
const SWEEP_ROWS = 16;

/**
 * theta's weights in tiles of five classes by four features (20 in a row), 0 past the last class
 * or feature: blockScores loads each tile without a branch.
 */
export function scoreTiles(theta: Float64Array, classCount: number, d: number): Float64Array {
  const width = d + 1;
  const blockSize = 5 * Math.ceil(d / 4) * 4;
  const tiles = new Float64Array(Math.ceil(classCount / 5) * blockSize);
  for (let k = 0; k < classCount; k++) {
    for (let j = 0; j < d; j++) tiles[Math.floor(k / 5) * blockSize + (j >> 2) * 20 + (k % 5) * 4 + (j & 3)] = theta[k * width + j]!;
  }
  return tiles;
}

/**
 * Writes the scores z_ic = w_c·x_i + b_c of the first `rows` rows of `data` (d values each)
 * into out (row-major, rows × classCount); `tiles` is scoreTiles of theta.
 */
function blockScores(
  data: Float64Array,
  rows: number,
  d: number,
  theta: Float64Array,
  classCount: number,
  out: Float64Array,
  tiles: Float64Array,
): void {
  const width = d + 1;
  const lastFeature = d - 1;
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < classCount; k++) out[i * classCount + k] = theta[k * width + d]!;
  }
  const blockSize = 5 * Math.ceil(d / 4) * 4;
  for (let start = 0; start < rows; start += SWEEP_ROWS) {
    const end = Math.min(rows, start + SWEEP_ROWS);
    for (let k = 0; k < classCount; k += 5) {
      const n = classCount - k;
      const c1 = n > 1 ? k + 1 : k;
      const c2 = n > 2 ? k + 2 : k;
      const c3 = n > 3 ? k + 3 : k;
      const c4 = n > 4 ? k + 4 : k;
      for (let j = 0; j < d; j += 4) {
        const m = d - j;
        const j1 = m > 1 ? j + 1 : lastFeature;
        const j2 = m > 2 ? j + 2 : lastFeature;
        const j3 = m > 3 ? j + 3 : lastFeature;
        // w{class slot}{feature slot}
        const tile = (k / 5) * blockSize + j * 5;
        const w00 = tiles[tile]!;
        const w01 = tiles[tile + 1]!;
        const w02 = tiles[tile + 2]!;
        const w03 = tiles[tile + 3]!;
        const w10 = tiles[tile + 4]!;
        const w11 = tiles[tile + 5]!;
        const w12 = tiles[tile + 6]!;
        const w13 = tiles[tile + 7]!;
        const w20 = tiles[tile + 8]!;
        const w21 = tiles[tile + 9]!;
        const w22 = tiles[tile + 10]!;
        const w23 = tiles[tile + 11]!;
        const w30 = tiles[tile + 12]!;
        const w31 = tiles[tile + 13]!;
        const w32 = tiles[tile + 14]!;
        const w33 = tiles[tile + 15]!;
        const w40 = tiles[tile + 16]!;
        const w41 = tiles[tile + 17]!;
        const w42 = tiles[tile + 18]!;
        const w43 = tiles[tile + 19]!;
        for (let i = start; i < end; i++) {
          const o = i * d;
          const x0 = data[o + j]!;
          const x1 = data[o + j1]!;
          const x2 = data[o + j2]!;
          const x3 = data[o + j3]!;
          const at = i * classCount;
          out[at + k] = out[at + k]! + w00 * x0 + w01 * x1 + w02 * x2 + w03 * x3;
          out[at + c1] = out[at + c1]! + w10 * x0 + w11 * x1 + w12 * x2 + w13 * x3;
          out[at + c2] = out[at + c2]! + w20 * x0 + w21 * x1 + w22 * x2 + w23 * x3;
          out[at + c3] = out[at + c3]! + w30 * x0 + w31 * x1 + w32 * x2 + w33 * x3;
          out[at + c4] = out[at + c4]! + w40 * x0 + w41 * x1 + w42 * x2 + w43 * x3;
        }
      }
    }
  }
}

/**
 * Sets out, for each class c, to [Σ_i r_ic x_i, Σ_i r_ic]; r is padded to whole blocks of four
 * rows with 0. Rows past the end stand in as copies of the last row, under those zero residuals.
 */
function blockGradient(x: Matrix, residuals: Float64Array, classCount: number, out: Float64Array): void {
  const d = x.cols;
  const data = x.data;
  const last = (x.rows - 1) * d;
  out.fill(0);
  for (let i = 0; i < x.rows; i += 4) {
    const o0 = i * d;
    const o1 = Math.min(o0 + d, last);
    const o2 = Math.min(o0 + 2 * d, last);
    const o3 = Math.min(o0 + 3 * d, last);
    const p0 = i * classCount;
    const p1 = p0 + classCount;
    const p2 = p1 + classCount;
    const p3 = p2 + classCount;
    for (let k = 0; k < classCount; k += 5) {
      // Slots past the last class take class k's place with residuals 0: they add nothing.
      const n = classCount - k;
      const c1 = n > 1 ? k + 1 : k;
      const c2 = n > 2 ? k + 2 : k;
      const c3 = n > 3 ? k + 3 : k;
      const c4 = n > 4 ? k + 4 : k;
      const r00 = residuals[p0 + k]!;
      const r10 = residuals[p1 + k]!;
      const r20 = residuals[p2 + k]!;
      const r30 = residuals[p3 + k]!;
      const r01 = n > 1 ? residuals[p0 + c1]! : 0;
      const r11 = n > 1 ? residuals[p1 + c1]! : 0;
      const r21 = n > 1 ? residuals[p2 + c1]! : 0;
      const r31 = n > 1 ? residuals[p3 + c1]! : 0;
      const r02 = n > 2 ? residuals[p0 + c2]! : 0;
      const r12 = n > 2 ? residuals[p1 + c2]! : 0;
      const r22 = n > 2 ? residuals[p2 + c2]! : 0;
      const r32 = n > 2 ? residuals[p3 + c2]! : 0;
      const r03 = n > 3 ? residuals[p0 + c3]! : 0;
      const r13 = n > 3 ? residuals[p1 + c3]! : 0;
      const r23 = n > 3 ? residuals[p2 + c3]! : 0;
      const r33 = n > 3 ? residuals[p3 + c3]! : 0;
      const r04 = n > 4 ? residuals[p0 + c4]! : 0;
      const r14 = n > 4 ? residuals[p1 + c4]! : 0;
      const r24 = n > 4 ? residuals[p2 + c4]! : 0;
      const r34 = n > 4 ? residuals[p3 + c4]! : 0;
      const a0 = k * (d + 1);
      const a1 = c1 * (d + 1);
      const a2 = c2 * (d + 1);
      const a3 = c3 * (d + 1);
      const a4 = c4 * (d + 1);
      for (let j = 0; j < d; j++) {
        const x0 = data[o0 + j]!;
        const x1 = data[o1 + j]!;
        const x2 = data[o2 + j]!;
        const x3 = data[o3 + j]!;
        out[a0 + j] = out[a0 + j]! + r00 * x0 + r10 * x1 + r20 * x2 + r30 * x3;
        out[a1 + j] = out[a1 + j]! + r01 * x0 + r11 * x1 + r21 * x2 + r31 * x3;
        out[a2 + j] = out[a2 + j]! + r02 * x0 + r12 * x1 + r22 * x2 + r32 * x3;
        out[a3 + j] = out[a3 + j]! + r03 * x0 + r13 * x1 + r23 * x2 + r33 * x3;
        out[a4 + j] = out[a4 + j]! + r04 * x0 + r14 * x1 + r24 * x2 + r34 * x3;
      }
      out[a0 + d] = out[a0 + d]! + r00 + r10 + r20 + r30;
      out[a1 + d] = out[a1 + d]! + r01 + r11 + r21 + r31;
      out[a2 + d] = out[a2 + d]! + r02 + r12 + r22 + r32;
      out[a3 + d] = out[a3 + d]! + r03 + r13 + r23 + r33;
      out[a4 + d] = out[a4 + d]! + r04 + r14 + r24 + r34;
    }
  }
}

/**
 * Turns the scores out[at..at+classCount) into probabilities and returns -log p_label, from
 * the scores so that it stays finite when p_label underflows to 0.
 */
function softmaxInPlace(out: Float64Array, at: number, classCount: number, label: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < classCount; k++) if (out[at + k]! > max) max = out[at + k]!;
  const labelScore = out[at + label]! - max;
  let sum = 0;
  for (let k = 0; k < classCount; k++) {
    out[at + k] = expNonPositive(out[at + k]! - max);
    sum += out[at + k]!;
  }
  for (let k = 0; k < classCount; k++) out[at + k] = out[at + k]! / sum;
  return Math.log(sum) - labelScore;
}

/**
 * Every row's class scores z_ic = w_c·x_i + b_c under theta (for each class in turn,
 * [w_c1..w_cd, b_c]), as an n × classCount matrix.
 */
export function softmaxScores(x: Matrix, theta: Float64Array, classCount: number): Matrix {
  const out = createMatrix(x.rows, classCount);
  blockScores(x.data, x.rows, x.cols, theta, classCount, out.data, scoreTiles(theta, classCount, x.cols));
  return out;
}

/**
 * One row's class scores into out, through the batch's kernel (so they are the same numbers),
 * with theta's tiles laid out beforehand (scoreTiles): nothing is allocated.
 */
export function rowScores(row: Float64Array, theta: Float64Array, classCount: number, tiles: Float64Array, out: Float64Array): void {
  blockScores(row, 1, theta.length / classCount - 1, theta, classCount, out, tiles);
}

/** Turns one row's scores, out[0 .. classCount), into probabilities in place, as softmaxProbabilities does. */
export function softmaxRow(out: Float64Array, classCount: number): void {
  softmaxInPlace(out, 0, classCount, 0);
}

/** Every row's class probabilities under theta, as an n × classCount matrix. */
export function softmaxProbabilities(x: Matrix, theta: Float64Array, classCount: number): Matrix {
  const out = softmaxScores(x, theta, classCount);
  for (let i = 0; i < x.rows; i++) softmaxInPlace(out.data, i * classCount, classCount, 0);
  return out;
}
