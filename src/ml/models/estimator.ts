/**
 * What every model kernel offers, so components, evaluation, tuning and serving can treat
 * models alike. Features are a row-major Matrix of finite numbers (preprocessing has already
 * imputed and encoded them); classification labels are class indices 0..k-1, with the
 * original label values kept in `classes`.
 */
import type { Matrix } from "../matrix.ts";

export interface Classifier {
  readonly kind: string;
  /** Original label values, in class-index order. */
  readonly classes: readonly (number | string)[];
  readonly featureCount: number;
  /** n × k probabilities, one row per sample, summing to 1. */
  predictProba(x: Matrix): Matrix;
  /** Class index of each row (argmax of predictProba). */
  predict(x: Matrix): Int32Array;
  /**
   * Scores one row of `featureCount` finite features (what the preprocessor gives) without
   * allocating, for serving: writes its class probabilities into `probabilities` (at least
   * `classes.length` long) and returns its class index, exactly as predictProba and predict
   * would for that row in any batch.
   */
  predictRow(row: Float64Array, probabilities: Float64Array): number;
  /** A versioned plain-JSON form that a `fromJSON` of the same kind loads back exactly. */
  toJSON(): { format: string; version: number } & Record<string, unknown>;
}

export interface Regressor {
  readonly kind: string;
  readonly featureCount: number;
  predict(x: Matrix): Float64Array;
  /** One row's prediction, without allocating and exactly as predict gives it (see Classifier.predictRow). */
  predictRow(row: Float64Array): number;
  toJSON(): { format: string; version: number } & Record<string, unknown>;
}
