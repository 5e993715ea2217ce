/** Prediction records as a server would append them, for the prediction log's tests. */
import type { Json } from "../../src/json.ts";
import type { PredictionRecord } from "../../src/serve/prediction-record.ts";

export const T0 = Date.UTC(2026, 0, 1);

/** Row `i` of a stream of one-row requests, one a millisecond from T0. */
export function record(i: number, extra: Partial<PredictionRecord> = {}): PredictionRecord {
  return {
    requestId: `req-${i}`,
    row: 0,
    time: new Date(T0 + i),
    deployment: "churn-prod",
    model: "churn",
    version: 1,
    role: "primary",
    features: { tenure: i % 100, plan: i % 2 === 0 ? "basic" : "pro" } as Record<string, Json>,
    prediction: i % 3 === 0 ? 1 : 0,
    probabilities: i % 3 === 0 ? [0.2, 0.8] : [0.9, 0.1],
    latencyMs: 0.5,
    ...extra,
  };
}
