import { readEnvelope, readNumbers } from "../json-format.ts";
import { createMatrix, type Matrix } from "../matrix.ts";

const envelope = { format: "conveyor.standard-scaler", version: 1 } as const;

export interface StandardScalerJSON {
  readonly format: typeof envelope.format;
  readonly version: typeof envelope.version;
  readonly mean: number[];
  readonly scale: number[];
}

/**
 * Centres each feature on its mean and divides by its standard deviation, as scikit-learn's
 * StandardScaler does (population deviation; a constant feature is only centred).
 * Hand-written numeric kernels: fit is two passes over the data, transform one.
 */
export class StandardScaler {
  private constructor(
    readonly mean: Float64Array,
    readonly scale: Float64Array,
  ) {}

  static fit(x: Matrix): StandardScaler {
    if (x.rows === 0) throw new RangeError("cannot fit a scaler on no rows");
    const d = x.cols;
    const mean = new Float64Array(d);
    for (let i = 0; i < x.rows; i++) {
      for (let j = 0; j < d; j++) mean[j] = mean[j]! + x.data[i * d + j]!;
    }
    for (let j = 0; j < d; j++) mean[j] = mean[j]! / x.rows;
    // Squared deviations from the mean (not E[x²] - mean²), which loses no precision.
    const variance = new Float64Array(d);
    for (let i = 0; i < x.rows; i++) {
      for (let j = 0; j < d; j++)
        variance[j] =
          variance[j]! + (x.data[i * d + j]! - mean[j]!) ** 2;
    }
    const scale = variance.map((v) => (v > 0 ? Math.sqrt(v / x.rows) : 1));
    return new StandardScaler(mean, scale);
  }

  static fromJSON(json: unknown): StandardScaler {
    const record = readEnvelope(json, envelope);
    const mean = readNumbers(record, "mean");
    return new StandardScaler(mean, readNumbers(record, "scale", mean.length));
  }

  transform(x: Matrix): Matrix {
    const d = this.mean.length;
    if (x.cols !== d)
      throw new RangeError(`the scaler has ${d} features, the matrix ${x.cols} columns`);
    const out = createMatrix(x.rows, d);
    for (let i = 0; i < x.rows; i++) this.transformRow(x.data, i * d, out.data, i * d);
    return out;
  }

  /** One row of features from x[xAt ..] into out[outAt ..] (which may be the same place). */
  transformRow(x: Float64Array, xAt: number, out: Float64Array, outAt: number): void {
    for (let j = 0; j < this.mean.length; j++) out[outAt + j] = (x[xAt + j]! - this.mean[j]!) / this.scale[j]!;
  }

  toJSON(): StandardScalerJSON {
    return { ...envelope, mean: Array.from(this.mean), scale: Array.from(this.scale) };
  }
}
