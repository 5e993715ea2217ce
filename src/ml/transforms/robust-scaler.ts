import { readEnvelope, readNumbers } from "../json-format.ts";
import { createMatrix, type Matrix } from "../matrix.ts";
import { median, percentile } from "./percentile.ts";

const envelope = { format: "conveyor.robust-scaler", version: 1 } as const;

export type RobustScalerJSON = {
  readonly format: typeof envelope.format;
  readonly version: typeof envelope.version;
  readonly center: number[];
  readonly scale: number[];
};

/**
 * Centres each feature on its median and divides by its interquartile range (75th minus
 * 25th percentile), as scikit-learn's RobustScaler: outliers move neither. A feature with
 * no spread between its quartiles keeps scale 1.
 * Hand-written numeric kernels: fit sorts each column once, transform is one pass.
 */
export class RobustScaler {
  private constructor(
    readonly center: Float64Array,
    readonly scale: Float64Array,
  ) {}

  static fit(x: Matrix): RobustScaler {
    if (x.rows === 0) throw new RangeError("cannot fit a scaler on no rows");
    const d = x.cols;
    const center = new Float64Array(d);
    const scale = new Float64Array(d);
    const column = new Float64Array(x.rows);
    for (let j = 0; j < d; j++) {
      for (let i = 0; i < x.rows; i++) column[i] = x.data[i * d + j]!;
      column.sort();
      center[j] = median(column);
      const range = percentile(column, 75) - percentile(column, 25);
      scale[j] = range > 0 ? range : 1;
    }
    return new RobustScaler(center, scale);
  }

  static fromJSON(json: unknown): RobustScaler {
    const record = readEnvelope(json, envelope);
    const center = readNumbers(record, "center");
    return new RobustScaler(center, readNumbers(record, "scale", center.length));
  }

  transform(x: Matrix): Matrix {
    const d = this.center.length;
    if (x.cols !== d) throw new RangeError(`the scaler has ${d} features, the matrix ${x.cols} columns`);
    const out = createMatrix(x.rows, d);
    for (let i = 0; i < x.rows; i++) this.transformRow(x.data, i * d, out.data, i * d);
    return out;
  }

  /** One row of features from x[xAt ..] into out[outAt ..] (which may be the same place). */
  transformRow(x: Float64Array, xAt: number, out: Float64Array, outAt: number): void {
    for (let j = 0; j < this.center.length; j++) out[outAt + j] = (x[xAt + j]! - this.center[j]!) / this.scale[j]!;
  }

  toJSON(): RobustScalerJSON {
    return { ...envelope, center: Array.from(this.center), scale: Array.from(this.scale) };
  }
}
