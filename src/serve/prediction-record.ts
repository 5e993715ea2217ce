/**
 * The seam between the model server and the prediction log: the server hands each answered
 * row to a PredictionSink, the log (prediction-log/) keeps it, and monitoring reads it back.
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
 * Where the server sends what it answered. `append` must never block a response nor throw:
 * when the sink cannot keep up it drops rows and counts them rather than making requests wait.
 */
export interface PredictionSink {
  append(record: PredictionRecord): void;
  /** Writes what is buffered and stops. */
  close(): Promise<void>;
}
