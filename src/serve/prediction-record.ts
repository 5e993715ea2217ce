/**
 * The seam between the model server and the prediction log: the server hands each answered
 * request's rows to a PredictionSink, the log (prediction-log/) keeps them, and monitoring reads
 * them back.
 */
import type { Json } from "../json.ts";

/** One scored row of one request, as the server saw and answered it. */
export interface PredictionRecord {
  /**
   * The request's id: the Open Inference `id`, else the `X-Request-Id` header, else one the
   * server made (and answered with). Ground truth posted later joins on it and `row`.
   */
  readonly requestId: string;
  /** The row's index within its request (0 for a one-row request). */
  readonly row: number;
  readonly time: Date;
  /** The deployment that answered, or null when a model reference is served directly. */
  readonly deployment: string | null;
  readonly model: string;
  readonly version: number;
  /** "primary": its answer was returned; "shadow": a copy of the request, logged, never returned. */
  readonly role: "primary" | "shadow";
  /** The row's inputs, by the signature's column names. */
  readonly features: Readonly<Record<string, Json>>;
  readonly prediction: Json;
  /** One per class, in the signature's class order; null for a regressor. */
  readonly probabilities: readonly number[] | null;
  /** The whole request's time in the server, in milliseconds. */
  readonly latencyMs: number;
}

/**
 * One answered request's rows, column by column as the server decoded and scored them: the
 * server builds no object per row, and the log copies the columns as they are.
 */
export interface AnsweredRows {
  readonly requestId: string;
  readonly time: Date;
  readonly deployment: string | null;
  readonly model: string;
  readonly version: number;
  readonly role: "primary" | "shadow";
  readonly latencyMs: number;
  readonly count: number;
  /** The first row's index within its request: 0, unless a record said otherwise. */
  readonly firstRow: number;
  /** The input columns' names, one per entry of `columns`. */
  readonly names: readonly string[];
  /** Each input column's `count` values: numbers (NaN: missing) or JSON values (null: missing). */
  readonly columns: readonly (Float64Array | readonly Json[])[];
  /** One per row. */
  readonly predictions: readonly Json[];
  /** count × classes, row-major, in the signature's class order; null for a regressor. */
  readonly probabilities: Float64Array | null;
}

/** The rows as one PredictionRecord each (NaN inputs as null), e.g. for a sink that keeps records. */
export function answeredRecords(rows: AnsweredRows): PredictionRecord[] {
  const classes = rows.probabilities ? rows.probabilities.length / rows.count : 0;
  return Array.from({ length: rows.count }, (_, row): PredictionRecord => {
    const features: Record<string, Json> = {};
    rows.names.forEach((name, c) => {
      const value = rows.columns[c]![row]!;
      features[name] = typeof value === "number" && Number.isNaN(value) ? null : value;
    });
    return {
      requestId: rows.requestId,
      row: rows.firstRow + row,
      time: rows.time,
      deployment: rows.deployment,
      model: rows.model,
      version: rows.version,
      role: rows.role,
      features,
      prediction: rows.predictions[row]!,
      probabilities: rows.probabilities ? Array.from(rows.probabilities.subarray(row * classes, (row + 1) * classes)) : null,
      latencyMs: rows.latencyMs,
    };
  });
}

/** A record as one answered row. */
export function recordRows(record: PredictionRecord): AnsweredRows {
  const names = Object.keys(record.features);
  return {
    requestId: record.requestId,
    time: record.time,
    deployment: record.deployment,
    model: record.model,
    version: record.version,
    role: record.role,
    latencyMs: record.latencyMs,
    count: 1,
    firstRow: record.row,
    names,
    columns: names.map((name) => [record.features[name]!]),
    predictions: [record.prediction],
    probabilities: record.probabilities ? Float64Array.from(record.probabilities) : null,
  };
}

/**
 * Where the server sends what it answered. `appendRows` must never block a response nor throw:
 * when the sink cannot keep up it drops rows and counts them rather than making requests wait.
 * It may keep the arrays it is given: the server never reuses them.
 */
export interface PredictionSink {
  appendRows(rows: AnsweredRows): void;
  /** Writes what is buffered and stops. */
  close(): Promise<void>;
}
