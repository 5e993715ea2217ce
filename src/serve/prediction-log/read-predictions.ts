/**
 * Reading the log back for monitoring: the index picks the segments of a deployment or model
 * that overlap the window, then one DuckDB query scans just those files (each sorted by time,
 * so Parquet's row-group statistics skip most of a file outside the window).
 */
import { access } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ConveyorError } from "../../errors.ts";
import { withConnection } from "../../ml/io/duckdb.ts";
import { sqlString } from "../../ml/io/sql.ts";
import { readTypedSource } from "../../ml/io/typed-source.ts";
import type { Table } from "../../ml/table.ts";
import type { LogSegmentRecord, LogSegmentStore } from "../../store/log-segment-types.ts";
import { segmentsForLimit } from "./limit-segments.ts";
import { logFolder } from "./log-folder.ts";
import { PREDICTION_COLUMNS } from "./prediction-columns.ts";

export interface PredictionQuery {
  /** The project folder whose log is read (default: the working folder). */
  root?: string;
  /** Only rows this deployment answered. */
  deployment?: string;
  /** Only rows of this model, and of this version of it. */
  model?: string;
  version?: number;
  /** The window [from, to) of the rows' times; open-ended without one or both. */
  from?: Date;
  to?: Date;
  /** At most this many rows: the oldest of the window, or the newest with `order: "newest"`. */
  limit?: number;
  /** Rows oldest first (the default) or newest first. */
  order?: "oldest" | "newest";
}

/**
 * The logged predictions in a window as a table, in time order: `request_id`, `row`, `time`
 * (epoch milliseconds), `deployment`, `model`, `version`, `role` ("primary" or "shadow"),
 * `prediction`, `probability.<i>` per class, `latency_ms`, and `feature.<name>` per input.
 */
export function readPredictions(store: LogSegmentStore, query: PredictionQuery = {}): Promise<Table> {
  return readWindow(store, query, false);
}

/**
 * The logged predictions of a window that have ground truth, joined by request id and row:
 * readPredictions' columns plus `label` and `label_time` (epoch milliseconds). When a row was
 * labelled more than once, the latest label counts.
 */
export function readLabelledPredictions(store: LogSegmentStore, query: PredictionQuery = {}): Promise<Table> {
  return readWindow(store, query, true);
}

async function readWindow(store: LogSegmentStore, query: PredictionQuery, labelled: boolean): Promise<Table> {
  checkQuery(query);
  const folder = logFolder(resolve(query.root ?? process.cwd()));
  const { deployment, model, version, from, to } = query;
  const overlapping = await store.listLogSegments({ kind: "predictions", deployment, model, version, from, to });
  // With labels, the limit counts labelled rows, which the index does not know.
  const chosen = query.limit === undefined || labelled ? overlapping : segmentsForLimit(overlapping, query.limit, query.order ?? "oldest", from, to);
  const predictions = await segmentFiles(folder, chosen);
  // A label is posted after its prediction: labels older than the window label none of its rows.
  const labels = labelled ? await segmentFiles(folder, await store.listLogSegments({ kind: "labels", from })) : [];

  const where = [
    deployment === undefined ? undefined : `p.deployment = ${sqlString(deployment)}`,
    model === undefined ? undefined : `p.model = ${sqlString(model)}`,
    version === undefined ? undefined : `p.version = ${version}`,
    from === undefined ? undefined : `p.time >= epoch_ms(${from.getTime()})`,
    to === undefined ? undefined : `p.time < epoch_ms(${to.getTime()})`,
  ].filter((c) => c !== undefined);
  const direction = query.order === "newest" ? "DESC" : "ASC";
  const sql = `CREATE TEMP TABLE window_rows AS
    SELECT p.* REPLACE (epoch_ms(p.time) AS time)${labelled ? ", l.label, epoch_ms(l.label_time) AS label_time" : ""}
    FROM ${predictionsRelation(predictions)} p
    ${labelled ? `JOIN ${latestLabels(labels)} l ON l.request_id = p.request_id AND l.row = p.row` : ""}
    ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
    ORDER BY p.time ${direction}, p.request_id ${direction}, p.row ${direction}, p.role
    ${query.limit === undefined ? "" : `LIMIT ${query.limit}`}`;
  return withConnection(async (connection) => {
    await connection.run(sql);
    return readTypedSource(connection, "window_rows");
  });
}

/** The segments' paths, each checked to exist so a lost file is named, not a DuckDB error. */
export async function segmentFiles(folder: string, segments: readonly LogSegmentRecord[]): Promise<string[]> {
  return Promise.all(
    segments.map(async (segment) => {
      const path = join(folder, segment.path);
      await access(path).catch(() => {
        throw new ConveyorError(
          `the prediction log's segment ${segment.path} (${segment.rowCount} ${segment.kind} rows) is indexed but its file ${path} is missing`,
          "restore the file from a backup; the index says which rows it held",
          "missing_segment",
        );
      });
      return path;
    }),
  );
}

/** The files' rows, columns matched by name (segments of different models have different features). */
export function parquetFiles(files: readonly string[]): string {
  return `read_parquet([${files.map(sqlString).join(", ")}], union_by_name = true)`;
}

function predictionsRelation(files: readonly string[]): string {
  if (files.length > 0) return parquetFiles(files);
  const columns = Object.entries(PREDICTION_COLUMNS).map(([name, type]) => `NULL::${type} AS ${name}`);
  return `(SELECT ${columns.join(", ")} WHERE false)`;
}

/** The latest label of each request's row. */
function latestLabels(files: readonly string[]): string {
  const labels =
    files.length > 0
      ? parquetFiles(files)
      : "(SELECT NULL::VARCHAR AS request_id, NULL::INTEGER AS row, NULL::VARCHAR AS label, NULL::TIMESTAMP AS time WHERE false)";
  return `(SELECT request_id, row, arg_max(label, time) AS label, max(time) AS label_time FROM ${labels} GROUP BY request_id, row)`;
}

function checkQuery(query: PredictionQuery): void {
  const bad = (field: string, value: unknown, expected: string) =>
    new ConveyorError(`readPredictions: ${field} must be ${expected}, got ${String(value)}`, `give ${field} as ${expected}, or leave it out`, "invalid_param");
  for (const field of ["from", "to"] as const) {
    const value = query[field];
    if (value !== undefined && !(value instanceof Date && Number.isFinite(value.getTime()))) throw bad(field, value, "a valid Date");
  }
  if (query.limit !== undefined && !(Number.isInteger(query.limit) && query.limit >= 0)) throw bad("limit", query.limit, "a whole number ≥ 0");
  if (query.version !== undefined && !(Number.isInteger(query.version) && query.version >= 1)) throw bad("version", query.version, "a version number ≥ 1");
  if (query.order !== undefined && query.order !== "oldest" && query.order !== "newest") throw bad("order", query.order, '"oldest" or "newest"');
}
