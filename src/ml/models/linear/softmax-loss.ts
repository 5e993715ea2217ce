import { createMatrix, type Matrix } from "../../matrix.ts";
import { KernelMemory } from "../../wasm/kernel-memory.ts";
import { expNonPositive } from "./exp-non-positive.ts";
import type { ConvexObjective } from "./newton-minimize.ts";
import { type SoftmaxKernel, softmaxKernels } from "./softmax-kernel.ts";

/**
 * The objective scikit-learn's multinomial LogisticRegression minimises, divided by C:
 *   sum_i [log sum_c e^z_ic - z_i,y_i] + sum_c |w_c|² / (2C) + (sum_c b_c)² / 2,
 *   z_ic = w_c·x_i + b_c,
 * with theta holding, for each class c in turn, [w_c1..w_cd, b_c]. Adding the same constant
 * to every intercept changes no probability, so the plain loss has a flat valley; the last
 * term, zero at the point scikit-learn's lbfgs reaches from zero (intercepts summing to 0),
 * picks that point and makes the Hessian positive definite.
 * Hand-written numeric kernels, the heart of our many-class logistic regression's speed: one
 * pass for the scores, one for the gradient (WebAssembly: softmax-kernel.ts), buffers
 * allocated once per fit in the kernels' memory.
 */
export class SoftmaxLoss implements ConvexObjective {
  readonly size: number;
  private readonly memory: KernelMemory<SoftmaxKernel>;
  /** x's values, theta and the data term of the gradient, in the kernels' memory. */
  private readonly rows: Float64Array;
  private readonly theta: Float64Array;
  private readonly dataGradient: Float64Array;
  /** Each row's class probabilities at the latest lossAndGradient point (for the Hessian). */
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
    const d = x.cols;
    // Five views, each 16-aligned: up to 15 bytes of padding before each.
    this.memory = new KernelMemory<SoftmaxKernel>(softmaxKernels, (x.rows * d + 3 * this.size + x.rows * classCount) * 8 + 5 * 16);
    this.rows = this.memory.float64(x.rows * d);
    this.rows.set(x.data);
    this.theta = this.memory.float64(this.size);
    this.dataGradient = this.memory.float64(this.size);
    this.probabilities = this.memory.float64(x.rows * classCount);
    // The gradient kernel's sums with one-hot labels for residuals: in a fresh process this
    // loop in JavaScript would run once, in V8's interpreter (a sixth of the first fit).
    for (let i = 0; i < x.rows; i++) this.probabilities[i * classCount + y[i]!] = 1;
    this.labelSums = this.memory.float64(this.size);
    this.memory.kernel.gradient(this.rows.byteOffset, x.rows, d, this.probabilities.byteOffset, classCount, this.labelSums.byteOffset);
  }

  lossAndGradient(theta: Float64Array, gradient: Float64Array): number {
    const { x, y, classCount, probabilities, labelSums, rows, dataGradient } = this;
    const { kernel } = this.memory;
    const d = x.cols;
    const width = d + 1;
    this.theta.set(theta);
    kernel.scores(rows.byteOffset, x.rows, d, this.theta.byteOffset, classCount, probabilities.byteOffset);
    let loss = 0;
    for (let i = 0; i < x.rows; i++) loss += softmaxInPlace(probabilities, i * classCount, classCount, y[i]!);
    // The data term's gradient, Σ_i (p_i - onehot(y_i)) x̃_i, as Σ_i p_i x̃_i minus the fixed label sums.
    dataGradient.fill(0);
    kernel.gradient(rows.byteOffset, x.rows, d, probabilities.byteOffset, classCount, dataGradient.byteOffset);
    for (let at = 0; at < gradient.length; at++) gradient[at] = dataGradient[at]! - labelSums[at]!;
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

/** Rows a SoftmaxScorer copies into its kernel memory at a time. */
const BLOCK_ROWS = 256;

/**
 * Class scores z_ic = w_c·x_i + b_c under theta (for each class in turn, [w_c1..w_cd, b_c]),
 * through the training's WebAssembly kernel, in kernel memory set up once per model: the rows
 * go through it a block at a time, so scoring allocates only its result, and one row (serving)
 * nothing. A row's scores do not depend on the rows beside it, so a row scored alone gets the
 * same numbers as in a table.
 */
export class SoftmaxScorer {
  private readonly memory: KernelMemory<SoftmaxKernel>;
  private readonly block: Float64Array;
  private readonly weights: Float64Array;
  private readonly scores: Float64Array;
  private readonly features: number;

  constructor(
    theta: Float64Array,
    private readonly classCount: number,
  ) {
    this.features = theta.length / classCount - 1;
    // Three views, each 16-aligned: up to 15 bytes of padding before each.
    this.memory = new KernelMemory<SoftmaxKernel>(softmaxKernels, (BLOCK_ROWS * (this.features + classCount) + theta.length) * 8 + 3 * 16);
    this.block = this.memory.float64(BLOCK_ROWS * this.features);
    this.weights = this.memory.float64(theta.length);
    this.weights.set(theta);
    this.scores = this.memory.float64(BLOCK_ROWS * classCount);
  }

  /** Every row's scores, as an n × classCount matrix. */
  scoreMatrix(x: Matrix): Matrix {
    const { classCount, features } = this;
    const out = createMatrix(x.rows, classCount);
    for (let start = 0; start < x.rows; start += BLOCK_ROWS) {
      const count = Math.min(BLOCK_ROWS, x.rows - start);
      this.block.set(x.data.subarray(start * features, (start + count) * features));
      this.memory.kernel.scores(this.block.byteOffset, count, features, this.weights.byteOffset, classCount, this.scores.byteOffset);
      out.data.set(this.scores.subarray(0, count * classCount), start * classCount);
    }
    return out;
  }

  /** Every row's class probabilities, as an n × classCount matrix. */
  probabilityMatrix(x: Matrix): Matrix {
    const out = this.scoreMatrix(x);
    for (let i = 0; i < x.rows; i++) softmaxInPlace(out.data, i * this.classCount, this.classCount, 0);
    return out;
  }

  /** One row's class scores into out. */
  scoreRow(row: Float64Array, out: Float64Array): void {
    this.block.set(row);
    this.memory.kernel.scores(this.block.byteOffset, 1, this.features, this.weights.byteOffset, this.classCount, this.scores.byteOffset);
    out.set(this.scores.subarray(0, this.classCount));
  }
}

/** Turns one row's scores, out[0 .. classCount), into probabilities in place, as probabilityMatrix does. */
export function softmaxRow(out: Float64Array, classCount: number): void {
  softmaxInPlace(out, 0, classCount, 0);
}

