/**
 * The columns of a predictions segment, one row per scored row: the record's own fields
 * under fixed names, then `probability.<i>` per class (in the signature's class order) and
 * `feature.<name>` per input column. The prefixes keep a feature called "time" or "model"
 * apart from the log's own columns, and tell a monitor which columns are the model's inputs.
 */
import type { Json } from "../../json.ts";
import type { PredictionRecord } from "../prediction-record.ts";
import { jsonColumn } from "./json-column.ts";
import type { SegmentColumn } from "./segment-file.ts";

export const FEATURE_PREFIX = "feature.";
export const PROBABILITY_PREFIX = "probability.";

/** The columns every predictions segment has, with the type a reader sees them as. */
export const PREDICTION_COLUMNS = {
  request_id: "VARCHAR",
  row: "INTEGER",
  time: "TIMESTAMP",
  deployment: "VARCHAR",
  model: "VARCHAR",
  version: "INTEGER",
  role: "VARCHAR",
  prediction: "VARCHAR",
  latency_ms: "DOUBLE",
} as const;

export function predictionColumns(records: readonly PredictionRecord[]): SegmentColumn[] {
  const classes = records.reduce((most, r) => Math.max(most, r.probabilities?.length ?? 0), 0);
  const features = featureValues(records);
  return [
    { name: "request_id", stored: "VARCHAR", values: records.map((r) => r.requestId) },
    { name: "row", stored: "INTEGER", values: records.map((r) => r.row) },
    { name: "time", stored: "TIMESTAMP", values: records.map((r) => r.time.getTime()) },
    { name: "deployment", stored: "VARCHAR", values: records.map((r) => r.deployment) },
    { name: "model", stored: "VARCHAR", values: records.map((r) => r.model) },
    { name: "version", stored: "INTEGER", values: records.map((r) => r.version) },
    { name: "role", stored: "VARCHAR", values: records.map((r) => r.role) },
    jsonColumn("prediction", records.map((r) => r.prediction)),
    ...Array.from({ length: classes }, (_, i): SegmentColumn => ({
      name: `${PROBABILITY_PREFIX}${i}`,
      stored: "DOUBLE",
      values: records.map((r) => r.probabilities?.[i] ?? null),
    })),
    { name: "latency_ms", stored: "DOUBLE", values: records.map((r) => r.latencyMs) },
    ...[...features].map(([name, values]) => jsonColumn(`${FEATURE_PREFIX}${name}`, values)),
  ];
}

/**
 * Each feature's values, one per record (undefined where a record lacks it), in one pass of
 * for...in over the records: V8 reads an object's own keys and values fast that way, where
 * looking each name up in every record costs ten times as much.
 */
function featureValues(records: readonly PredictionRecord[]): Map<string, (Json | undefined)[]> {
  const columns = new Map<string, (Json | undefined)[]>();
  for (let r = 0; r < records.length; r++) {
    const features = records[r]!.features;
    for (const name in features) {
      let values = columns.get(name);
      if (!values) {
        values = new Array<Json | undefined>(records.length).fill(undefined);
        columns.set(name, values);
      }
      values[r] = features[name];
    }
  }
  return columns;
}
