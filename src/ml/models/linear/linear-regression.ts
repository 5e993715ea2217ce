import { ConveyorError } from "../../../errors.ts";
import { readEnvelope, readNumber, readNumbers } from "../../json-format.ts";
import type { Matrix } from "../../matrix.ts";
import type { Regressor } from "../estimator.ts";
import { centerDesign, interceptFor } from "./centered-design.ts";
import { checkPredictFeatures, regressionTarget } from "./fit-inputs.ts";
import { leastSquaresQr } from "./least-squares-qr.ts";
import { linearPredict, linearPredictRows } from "./linear-predict.ts";

const envelope = { format: "conveyor.linear-regression", version: 1 } as const;

export type LinearRegressionJSON = {
  readonly format: typeof envelope.format;
  readonly version: typeof envelope.version;
  readonly coefficients: number[];
  readonly intercept: number;
};

/**
 * Ordinary least squares with an intercept: scikit-learn's LinearRegression. A singular
 * design (a constant feature, one that repeats a combination of others, or fewer rows than
 * features) is refused, naming the column, where scikit-learn would silently return one of
 * infinitely many solutions.
 */
export class LinearRegression implements Regressor {
  readonly kind = "linear-regression";

  /** predictRow's result, kept so that scoring a row allocates nothing. */
  private readonly rowScore = new Float64Array(1);

  private constructor(
    readonly coefficients: Float64Array,
    readonly intercept: number,
  ) {}

  static fit(x: Matrix, y: ArrayLike<number>): LinearRegression {
    const target = regressionTarget(x, y);
    if (x.rows <= x.cols) {
      throw new ConveyorError(
        `least squares needs more rows than features: ${x.rows} rows, ${x.cols} features`,
        "add rows, drop features, or use ridge regression (alpha > 0)",
        "invalid_data",
      );
    }
    const design = centerDesign(x, target);
    const result = leastSquaresQr(design.x, design.y);
    if ("dependentColumn" in result) {
      const column = result.dependentColumn;
      throw new ConveyorError(
        result.constant
          ? `feature column ${column} is constant, so its coefficient cannot be separated from the intercept`
          : `feature column ${column} is a linear combination of the columns before it (the design is singular)`,
        "drop that column, or use ridge regression (alpha > 0), which tolerates collinear features",
        "invalid_data",
      );
    }
    return new LinearRegression(result.solution, interceptFor(design, result.solution));
  }

  static fromJSON(json: unknown): LinearRegression {
    const record = readEnvelope(json, envelope);
    return new LinearRegression(readNumbers(record, "coefficients"), readNumber(record, "intercept"));
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

  toJSON(): LinearRegressionJSON {
    return { ...envelope, coefficients: Array.from(this.coefficients), intercept: this.intercept };
  }
}
