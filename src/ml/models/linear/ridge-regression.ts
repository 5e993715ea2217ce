import { ConveyorError } from "../../../errors.ts";
import { readEnvelope, readNumber, readNumbers } from "../../json-format.ts";
import { choleskySolve } from "../../linalg/cholesky.ts";
import type { Matrix } from "../../matrix.ts";
import type { Regressor } from "../estimator.ts";
import { centerDesign, interceptFor } from "./centered-design.ts";
import { checkPredictFeatures, regressionTarget } from "./fit-inputs.ts";
import { linearPredict, linearPredictRows } from "./linear-predict.ts";

const envelope = { format: "conveyor.ridge-regression", version: 1 } as const;

export interface RidgeRegressionOptions {
  /** L2 strength, as scikit-learn's Ridge(alpha): larger shrinks the coefficients more. */
  readonly alpha?: number;
}

export type RidgeRegressionJSON = {
  readonly format: typeof envelope.format;
  readonly version: typeof envelope.version;
  readonly alpha: number;
  readonly coefficients: number[];
  readonly intercept: number;
};

/**
 * Least squares plus alpha·|w|², the intercept unpenalised: scikit-learn's Ridge. Solved
 * through the normal equations (XᵀX + alpha·I) w = Xᵀy by Cholesky, which alpha > 0 keeps
 * positive definite even for collinear or constant features.
 */
export class RidgeRegression implements Regressor {
  readonly kind = "ridge-regression";

  /** predictRow's result, kept so that scoring a row allocates nothing. */
  private readonly rowScore = new Float64Array(1);

  private constructor(
    readonly alpha: number,
    readonly coefficients: Float64Array,
    readonly intercept: number,
  ) {}

  static fit(x: Matrix, y: ArrayLike<number>, options: RidgeRegressionOptions = {}): RidgeRegression {
    const alpha = options.alpha ?? 1;
    if (!(alpha > 0 && Number.isFinite(alpha))) {
      throw new ConveyorError(
        `alpha is ${alpha}`,
        "alpha must be a positive number; for alpha 0 use LinearRegression",
        "invalid_param",
      );
    }
    const design = centerDesign(x, regressionTarget(x, y));
    const [gram, xty] = ridgeSystem(design.x, design.y, alpha);
    const coefficients = choleskySolve(gram, xty, x.cols);
    return new RidgeRegression(alpha, coefficients, interceptFor(design, coefficients));
  }

  static fromJSON(json: unknown): RidgeRegression {
    const record = readEnvelope(json, envelope);
    return new RidgeRegression(
      readNumber(record, "alpha"),
      readNumbers(record, "coefficients"),
      readNumber(record, "intercept"),
    );
  }

  get featureCount(): number {
    return this.coefficients.length;
  }

  predict(x: Matrix): Float64Array {
    checkPredictFeatures(x, this.featureCount);
    return linearPredict(x, this.coefficients, this.intercept);
  }

  predictRow(row: Float64Array): number {
    linearPredictRows(row, 1, this.featureCount, this.coefficients, this.intercept, this.rowScore);
    return this.rowScore[0]!;
  }

  toJSON(): RidgeRegressionJSON {
    return {
      ...envelope,
      alpha: this.alpha,
      coefficients: Array.from(this.coefficients),
      intercept: this.intercept,
    };
  }
}

/**
 * XᵀX + alpha·I (row-major) and Xᵀy. Hand-written numeric kernel: one pass over the rows,
 * accumulating only the upper triangle of the Gram matrix, then mirroring it.
 */
function ridgeSystem(x: Matrix, y: Float64Array, alpha: number): [Float64Array, Float64Array] {
  const d = x.cols;
  const gram = new Float64Array(d * d);
  const xty = new Float64Array(d);
  for (let i = 0; i < x.rows; i++) {
    const offset = i * d;
    for (let j = 0; j < d; j++) {
      const xij = x.data[offset + j]!;
      xty[j] = xty[j]! + xij * y[i]!;
      for (let k = j; k < d; k++) gram[j * d + k] = gram[j * d + k]! + xij * x.data[offset + k]!;
    }
  }
  for (let j = 0; j < d; j++) {
    gram[j * d + j] = gram[j * d + j]! + alpha;
    for (let k = 0; k < j; k++) gram[j * d + k] = gram[k * d + j]!;
  }
  return [gram, xty];
}
