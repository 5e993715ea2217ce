import { readEnvelope, readNumbers } from "../json-format.ts";
import { createMatrix, type Matrix } from "../matrix.ts";

const envelope = { format: "conveyor.min-max-scaler", version: 1 } as const;

export type MinMaxScalerJSON = {
  readonly format: typeof envelope.format;
  readonly version: typeof envelope.version;
  readonly min: number[];
  readonly scale: number[];
};

/**
 * Maps each feature's training range onto [0, 1], as scikit-learn's MinMaxScaler:
 * x·scale - min·scale with scale = 1 / (max - min), and scale 1 for a constant feature.
 * Values outside the training range map outside [0, 1] (no clipping, as scikit-learn).
 * Hand-written numeric kernels: fit is one pass over the data, transform one.
 */
export class MinMaxScaler {
  private constructor(
    readonly min: Float64Array,
    readonly scale: Float64Array,
  ) {}

  static fit(x: Matrix): MinMaxScaler {
    if (x.rows === 0) throw new RangeError("cannot fit a scaler on no rows");
    const d = x.cols;
    const min = x.data.slice(0, d);
    const max = x.data.slice(0, d);
    for (let i = 1; i < x.rows; i++) {
      for (let j = 0; j < d; j++) {
        const value = x.data[i * d + j]!;
        if (value < min[j]!) min[j] = value;
        if (value > max[j]!) max[j] = value;
      }
    }
    const scale = min.map((low, j) => (max[j]! > low ? 1 / (max[j]! - low) : 1));
    return new MinMaxScaler(min, scale);
  }

  static fromJSON(json: unknown): MinMaxScaler {
    const record = readEnvelope(json, envelope);
    const min = readNumbers(record, "min");
    return new MinMaxScaler(min, readNumbers(record, "scale", min.length));
  }

  transform(x: Matrix): Matrix {
    const d = this.min.length;
    if (x.cols !== d) throw new RangeError(`the scaler has ${d} features, the matrix ${x.cols} columns`);
    const out = createMatrix(x.rows, d);
    for (let i = 0; i < x.rows; i++) this.transformRow(x.data, i * d, out.data, i * d);
    return out;
  }

  /** One row of features from x[xAt ..] into out[outAt ..] (which may be the same place). */
  transformRow(x: Float64Array, xAt: number, out: Float64Array, outAt: number): void {
    for (let j = 0; j < this.min.length; j++) out[outAt + j] = x[xAt + j]! * this.scale[j]! - this.min[j]! * this.scale[j]!;
  }

  toJSON(): MinMaxScalerJSON {
    return { ...envelope, min: Array.from(this.min), scale: Array.from(this.scale) };
  }
}
