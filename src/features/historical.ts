/** Offline retrieval: feature values joined to entity rows as they were at each row's time. */
import type { DuckDBConnection } from "@duckdb/node-api";
import { withConnection } from "../ml/io/duckdb.ts";
import { createTempTable } from "../ml/io/parquet.ts";
import { queryTable } from "../ml/io/result-table.ts";
import { sqlString } from "../ml/io/sql.ts";
import { describeSource } from "../ml/io/typed-source.ts";
import type { Table } from "../ml/table.ts";
import type { FeatureView } from "./feature-view.ts";
import { pointInTimeQuery } from "./point-in-time.ts";
import { relationOf } from "./source-relation.ts";

export interface HistoricalFeaturesOptions {
  /** The entity rows: a table, or a Parquet/CSV file (or Parquet folder or glob) of them. */
  readonly entities: Table | string;
  readonly views: readonly FeatureView[];
  /** The entity rows' time column. Default "event_timestamp". */
  readonly timestampColumn?: string;
}

async function entityRelation(connection: DuckDBConnection, entities: Table | string): Promise<string> {
  if (typeof entities === "string") return relationOf({ path: entities });
  await createTempTable(connection, "entity_input", entities);
  return "entity_input";
}

async function withPointInTime<T>(options: HistoricalFeaturesOptions, work: (connection: DuckDBConnection, sql: string, types: readonly ("number" | "string")[]) => Promise<T>): Promise<T> {
  return withConnection(async (connection) => {
    const relation = await entityRelation(connection, options.entities);
    const columns = await describeSource(connection, relation);
    const query = await pointInTimeQuery(connection, relation, columns, options.timestampColumn ?? "event_timestamp", options.views);
    return work(connection, query.sql, query.types);
  });
}

/**
 * Each entity row with every view's features as they were at the row's time, never later:
 * the row's own columns first, then each view's features and aggregates, in the rows' order.
 */
export async function getHistoricalFeatures(options: HistoricalFeaturesOptions): Promise<Table> {
  return withPointInTime(options, (connection, sql, types) => queryTable(connection, sql, types));
}

/** getHistoricalFeatures written straight to a Parquet file by DuckDB, for entity rows too many to hold as a table. */
export async function writeHistoricalFeatures(options: HistoricalFeaturesOptions, path: string): Promise<number> {
  return withPointInTime(options, async (connection, sql) => {
    const result = await connection.runAndReadAll(`COPY (${sql}) TO ${sqlString(path)} (FORMAT parquet)`);
    return Number(result.getRows()[0]?.[0] ?? 0);
  });
}
