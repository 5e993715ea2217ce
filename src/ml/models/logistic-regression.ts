import { ConveyorError } from "../../errors.ts";
import { readEnvelope, readNumber, readNumbers } from "../json-format.ts";
import type { Matrix } from "../matrix.ts";
import { fitLogistic } from "./fit-logistic.ts";
import { sigmoid } from "./logistic-loss.ts";
import { checkPredictOutputs } from "./linear/fit-inputs.ts";
import { linearPredict, linearPredictRows } from "./linear/linear-predict.ts";

const envelope = { format: "conveyor.logistic-regression", version: 1 } as const;

export interface LogisticRegressionOptions {
  /** Inverse L2 strength, as scikit-learn's C: smaller means stronger regularisation. */
  readonly C?: number;
  /** Solver iterations at most: default 100 for Newton's method, 1,000 for L-BFGS (see minimizeConvex). */
  readonly maxIterations?: number;
  readonly tolerance?: number;
}

export interface LogisticRegressionJSON {
  readonly format: typeof envelope.format;
  readonly version: typeof envelope.version;
  readonly C: number;
  readonly coefficients: number[];
  readonly intercept: number;
}

/**
 * Binary logistic regression with an L2 penalty: the model scikit-learn's
 * LogisticRegression(C) fits (to tighter tolerance). Labels are 0 and 1; standardize the
 * features first (see StandardScaler), as the penalty treats every coefficient alike.
 */
export class LogisticRegression {
  /** theta's weights, and decisionRow's result: kept so that scoring a row allocates nothing. */
  private readonly weights: Float64Array;
  private readonly rowScore = new Float64Array(1);

  private constructor(
    readonly C: number,
    /** [w_1..w_d, b]: the layout the loss kernels use. */
    private readonly theta: Float64Array,
  ) {
    this.weights = theta.subarray(0, theta.length - 1);
  }

  static fit(
    x: Matrix,
    y: ArrayLike<number>,
    options: LogisticRegressionOptions = {},
  ): LogisticRegression {
    const C = options.C ?? 1;
    if (!(C > 0)) throw new ConveyorError(`C is ${C}`, "C must be a positive number");
    if (y.length !== x.rows) throw new RangeError(`${x.rows} rows but ${y.length} labels`);
    const labels = checkBinaryLabels(y);
    const theta = fitLogistic(x, labels, {
      c: C,
      maxIterations: options.maxIterations,
      tolerance: options.tolerance ?? 1e-10,
    });
    return new LogisticRegression(C, theta);
  }

  static fromJSON(json: unknown): LogisticRegression {
    const record = readEnvelope(json, envelope);
    const coefficients = readNumbers(record, "coefficients");
    const theta = new Float64Array(coefficients.length + 1);
    theta.set(coefficients);
    theta[coefficients.length] = readNumber(record, "intercept");
    return new LogisticRegression(readNumber(record, "C"), theta);
  }

  get featureCount(): number {
    return this.theta.length - 1;
  }

  get coefficients(): Float64Array {
    return this.theta.slice(0, this.featureCount);
  }

  get intercept(): number {
    return this.theta[this.featureCount]!;
  }

  /** w·x + b for each row: the log-odds of class 1. */
  decisionFunction(x: Matrix): Float64Array {
    this.checkColumns(x);
    const scores = linearPredict(x, this.theta.subarray(0, this.featureCount), this.intercept);
    checkPredictOutputs(x, scores);
    return scores;
  }

  /** w·x + b for one row of featureCount finite values, as decisionFunction gives it, allocating nothing. */
  decisionRow(row: Float64Array): number {
    linearPredictRows(row, 1, this.featureCount, this.weights, this.intercept, this.rowScore);
    return this.rowScore[0]!;
  }

  /** P(y = 1) for each row. */
  predictProba(x: Matrix): Float64Array {
    const probabilities = this.decisionFunction(x);
    for (let i = 0; i < x.rows; i++) probabilities[i] = sigmoid(probabilities[i]!);
    return probabilities;
  }

  /** Class 1 where the log-odds are positive, as scikit-learn decides: no probabilities needed. */
  predict(x: Matrix): Int32Array {
    this.checkColumns(x);
    const scores = linearPredict(x, this.theta.subarray(0, this.featureCount), this.intercept);
    const rows = x.rows;
    const classes = new Int32Array(rows);
    // One pass both decides and checks (z - z is 0 only for a finite z): predicting is a
    // single read of the features, and this pass is most of the rest of its time.
    let finite = true;
    for (let i = 0; i < rows; i++) {
      const z = scores[i]!;
      if (z - z !== 0) finite = false;
      classes[i] = +(z > 0);
    }
    if (!finite) checkPredictOutputs(x, scores);
    return classes;
  }

  private checkColumns(x: Matrix): void {
    if (x.cols !== this.featureCount) {
      throw new RangeError(
        `the model has ${this.featureCount} features, the matrix ${x.cols} columns`,
      );
    }
  }

  toJSON(): LogisticRegressionJSON {
    return {
      ...envelope,
      C: this.C,
      coefficients: Array.from(this.coefficients),
      intercept: this.intercept,
    };
  }
}

function checkBinaryLabels(y: ArrayLike<number>): Float64Array {
  const labels = Float64Array.from(y);
  const bad = labels.findIndex((v) => v !== 0 && v !== 1);
  if (bad >= 0) {
    throw new ConveyorError(
      `label at row ${bad} is ${labels[bad]}; binary labels must be 0 or 1`,
      "encode the target as 0/1",
      "invalid_data",
    );
  }
  if (!labels.includes(0) || !labels.includes(1)) {
    throw new ConveyorError(
      "the labels hold only one class",
      "training needs rows of both classes (0 and 1)",
      "invalid_data",
    );
  }
  return labels;
}
