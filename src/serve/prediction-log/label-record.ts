/**
 * Ground truth posted after the fact: the true label of one row of an answered request, kept
 * in the log's "labels" segments and joined to the predictions by request id and row
 * (readLabelledPredictions).
 *
 * Labels are Parquet segments like the predictions rather than a store table: there can be
 * as many as there are predictions (millions), they are only ever read joined to prediction
 * segments, and DuckDB joins two sets of Parquet files in one scan, where a store table would
 * have to be copied out of SQLite or Postgres into DuckDB for every window.
 */
import { ConveyorError } from "../../errors.ts";
import type { Json } from "../../json.ts";
import type { LogSegmentStore } from "../../store/log-segment-types.ts";
import { jsonColumn } from "./json-column.ts";
import { timeSpan, writeSegment } from "./write-segments.ts";

export interface LabelRecord {
  /** The id of the request whose prediction this labels. */
  readonly requestId: string;
  /** The row within that request (0 for a one-row request). */
  readonly row: number;
  /** The true value: a class or a number. */
  readonly label: string | number | boolean;
  /** When the label was received: of two labels for one row, the later counts. */
  readonly time: Date;
}

/** Writes labels as segments of at most `segmentRows` rows each, telling `written` of each. */
export async function writeLabelSegments(
  store: LogSegmentStore,
  folder: string,
  labels: readonly LabelRecord[],
  segmentRows: number,
  written: (segmentRows: number) => void = () => {},
): Promise<void> {
  for (let start = 0; start < labels.length; start += segmentRows) {
    const part = labels.slice(start, start + segmentRows);
    await writeSegment(store, folder, "labels", { deployment: null, model: null, version: null }, timeSpan(part.map((l) => l.time)), [
      { name: "request_id", stored: "VARCHAR", values: part.map((l) => l.requestId) },
      { name: "row", stored: "INTEGER", values: part.map((l) => l.row) },
      jsonColumn("label", part.map((l): Json => l.label)),
      { name: "time", stored: "TIMESTAMP", values: part.map((l) => l.time.getTime()) },
    ]);
    written(part.length);
  }
}

/**
 * The labels of a `POST /v2/feedback` body: one `{ "id", "row"?, "label" }` object or a list of
 * them. A bad one is a ConveyorError naming its field (and its position in a list).
 */
export function parseFeedback(body: unknown, time: Date): LabelRecord[] {
  const items = Array.isArray(body) ? body : [body];
  if (items.length === 0) throw invalid("the body", "is an empty list", 'send { "id": "<request id>", "row": 0, "label": <true value> } or a list of them');
  return items.map((item, i) => parseLabel(item, Array.isArray(body) ? `[${i}]` : "", time));
}

const FIELDS = new Set(["id", "row", "label"]);

function parseLabel(item: unknown, at: string, time: Date): LabelRecord {
  const where = (field: string) => (at ? `${at}.${field}` : `"${field}"`);
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    throw invalid(at || "the body", `is ${describe(item)}, not an object`, 'each label is an object { "id": "<request id>", "row": 0, "label": <true value> }');
  }
  const fields = item as Record<string, unknown>;
  const unknown = Object.keys(fields).find((k) => !FIELDS.has(k));
  if (unknown !== undefined) throw invalid(where(unknown), "is not a field of a label", 'a label has "id", "label" and optionally "row"');
  const { id, row = 0, label } = fields;
  if (typeof id !== "string" || id === "") {
    throw invalid(where("id"), id === undefined ? "is missing" : `is ${describe(id)}`, "give the id of the answered request (its Open Inference `id` or X-Request-Id) as a non-empty string");
  }
  if (typeof row !== "number" || !Number.isInteger(row) || row < 0) {
    throw invalid(where("row"), `is ${describe(row)}`, "give the row's index within its request: a whole number ≥ 0 (0 for a one-row request)");
  }
  if (typeof label !== "string" && typeof label !== "number" && typeof label !== "boolean") {
    throw invalid(where("label"), label === undefined ? "is missing" : `is ${describe(label)}`, "give the true value: a class (a string, number or boolean) or a number");
  }
  return { requestId: id, row, label, time };
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return JSON.stringify(value) ?? String(value);
}

function invalid(field: string, problem: string, hint: string): ConveyorError {
  return new ConveyorError(`feedback: ${field} ${problem}`, hint, "invalid_feedback");
}
