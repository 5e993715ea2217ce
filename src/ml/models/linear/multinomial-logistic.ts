import { ConveyorError } from "../../../errors.ts";
import { readEnvelope, readNumber, readNumbers } from "../../json-format.ts";
import type { Matrix } from "../../matrix.ts";
import { minimizeConvex } from "./minimize-convex.ts";
import { SoftmaxLoss, softmaxRow, SoftmaxScorer } from "./softmax-loss.ts";
import { subsampleStart } from "./subsample-start.ts";

const envelope = { format: "conveyor.multinomial-logistic", version: 1 } as const;

export interface MultinomialLogisticOptions {
  /** Inverse L2 strength, as scikit-learn's C. */
  readonly C?: number;
  /** Solver iterations at most: default 100 for Newton's method, 1,000 for L-BFGS (see minimizeConvex). */
  readonly maxIterations?: number;
  readonly tolerance?: number;
}

export type MultinomialLogisticJSON = {
  readonly format: typeof envelope.format;
  readonly version: typeof envelope.version;
  readonly C: number;
  readonly classCount: number;
  /** classCount × features, row-major: one row of weights per class. */
  readonly coefficients: number[];
  readonly intercepts: number[];
};

/**
 * Softmax (multinomial) logistic regression with an L2 penalty on the weights: what
 * scikit-learn's LogisticRegression(C) fits for three or more classes, to tighter tolerance.
 * Labels are class indices 0..classCount-1; standardize the features first.
 */
export class MultinomialLogistic {
  /** The score kernel and its memory, made by the first prediction: a model being fitted needs none. */
  private scorerMemory: SoftmaxScorer | undefined;

  private constructor(
    readonly C: number,
    readonly classCount: number,
    /** For each class in turn, [w_1..w_d, b]: the layout the loss kernels use. */
    private readonly theta: Float64Array,
  ) {}

  static fit(
    x: Matrix,
    y: Int32Array,
    classCount: number,
    options: MultinomialLogisticOptions = {},
  ): MultinomialLogistic {
    const C = options.C ?? 1;
    if (!(C > 0 && Number.isFinite(C))) throw new ConveyorError(`C is ${C}`, "C must be a positive number", "invalid_param");
    const newton = { maxIterations: options.maxIterations, tolerance: options.tolerance ?? 1e-10 };
    const objective = (rows: Matrix, labels: Int32Array, c: number) => new SoftmaxLoss(rows, labels, classCount, c);
    const start = subsampleStart(x, y, classCount, C, newton, objective);
    const theta = minimizeConvex(objective(x, y, C), newton, start);
    return new MultinomialLogistic(C, classCount, theta);
  }

  static fromJSON(json: unknown): MultinomialLogistic {
    const record = readEnvelope(json, envelope);
    const classCount = readNumber(record, "classCount");
    if (!Number.isInteger(classCount) || classCount < 3) throw corrupt(`"classCount" is ${classCount}`);
    const intercepts = readNumbers(record, "intercepts", classCount);
    const coefficients = readNumbers(record, "coefficients");
    const d = coefficients.length / classCount;
    if (!Number.isInteger(d)) {
      throw corrupt(`${coefficients.length} coefficients do not split into ${classCount} classes`);
    }
    const theta = new Float64Array(classCount * (d + 1));
    for (let k = 0; k < classCount; k++) {
      theta.set(coefficients.subarray(k * d, (k + 1) * d), k * (d + 1));
      theta[k * (d + 1) + d] = intercepts[k]!;
    }
    return new MultinomialLogistic(readNumber(record, "C"), classCount, theta);
  }

  get featureCount(): number {
    return this.theta.length / this.classCount - 1;
  }

  /** Weights of class k. */
  coefficients(k: number): Float64Array {
    const width = this.featureCount + 1;
    return this.theta.slice(k * width, k * width + this.featureCount);
  }

  get intercepts(): Float64Array {
    const width = this.featureCount + 1;
    return Float64Array.from({ length: this.classCount }, (_, k) => this.theta[k * width + width - 1]!);
  }

  /** n × classCount scores w_c·x + b_c: the largest is the predicted class, as scikit-learn predicts. */
  decisionFunction(x: Matrix): Matrix {
    return this.scorer().scoreMatrix(x);
  }

  /** n × classCount probabilities. */
  predictProba(x: Matrix): Matrix {
    return this.scorer().probabilityMatrix(x);
  }

  /** One row's classCount scores into out, as decisionFunction gives them, allocating nothing. */
  scoreRow(row: Float64Array, out: Float64Array): void {
    this.scorer().scoreRow(row, out);
  }

  private scorer(): SoftmaxScorer {
    this.scorerMemory ??= new SoftmaxScorer(this.theta, this.classCount);
    return this.scorerMemory;
  }

  /** Turns scoreRow's scores, in place, into the probabilities predictProba gives. */
  scoresToProbabilities(scores: Float64Array): void {
    softmaxRow(scores, this.classCount);
  }

  toJSON(): MultinomialLogisticJSON {
    const coefficients: number[] = [];
    for (let k = 0; k < this.classCount; k++) coefficients.push(...this.coefficients(k));
    return {
      ...envelope,
      C: this.C,
      classCount: this.classCount,
      coefficients,
      intercepts: Array.from(this.intercepts),
    };
  }
}

function corrupt(problem: string): ConveyorError {
  return new ConveyorError(
    `cannot load model: ${problem}`,
    "re-train, or load it with the Conveyor version that saved it",
    "corrupt_artifact",
  );
}
