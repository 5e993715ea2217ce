/**
 * The JSON text of the prediction answers, whose shape is fixed, written directly rather than
 * through JSON.stringify of an object built for it: byte for byte what JSON.stringify gives
 * (numbers as Number#toString, non-finite ones as null; strings quoted by JSON.stringify).
 */
import type { Json } from "../json.ts";

/** The content type Fastify gives the JSON it serialises itself: the answers keep it. */
export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

/** One value as JSON text. */
export function jsonText(value: Json): string {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  return JSON.stringify(value);
}

/** A list of values as JSON text. */
export function jsonList(values: readonly Json[]): string {
  let text = "[";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) text += ",";
    text += jsonText(values[i]!);
  }
  return `${text}]`;
}

/** Numbers as a JSON list. */
export function numberList(values: Float64Array): string {
  let text = "[";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) text += ",";
    const value = values[i]!;
    text += Number.isFinite(value) ? String(value) : "null";
  }
  return `${text}]`;
}

/** `{"predictions": [...]}`: the answer of KServe V1 and of MLflow's /invocations. */
export function predictionsText(predictions: readonly Json[]): string {
  return `{"predictions":${jsonList(predictions)}}`;
}
