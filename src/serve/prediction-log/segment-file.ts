/**
 * Writes one segment of the log as a Parquet file. The file appears whole or not at all:
 * it is written under a temporary name, hashed, and renamed; only then is it indexed, so a
 * reader (which opens only indexed files) never meets a half-written one.
 */
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { DOUBLE, type DuckDBConnection, DuckDBDataChunk, type DuckDBValue, VARCHAR } from "@duckdb/node-api";
import { sha256File } from "../../artifacts/digest.ts";
import { withConnection } from "../../ml/io/duckdb.ts";
import { sqlIdentifier, sqlString } from "../../ml/io/sql.ts";
import { temporaryPath } from "./log-folder.ts";

/** How a column is kept in the file. Numbers travel to DuckDB as DOUBLE; TIMESTAMP values are epoch milliseconds. */
export type StoredType = "DOUBLE" | "VARCHAR" | "INTEGER" | "TIMESTAMP";

/** A column's values; numbers may come as a Float64Array, in which NaN is a missing value (NULL in the file). */
export type SegmentColumn =
  | { readonly name: string; readonly stored: "VARCHAR"; readonly values: readonly (string | null)[] }
  | { readonly name: string; readonly stored: Exclude<StoredType, "VARCHAR">; readonly values: readonly (number | null)[] | Float64Array };

export interface WrittenFile {
  size: number;
  digest: string;
}

// DuckDB's vector size: the most rows one data chunk holds.
const CHUNK_ROWS = 2048;

/**
 * Writes `columns` to `<folder>/<path>`, sorted by `sortBy` unless it is undefined (the rows are
 * in order already: sorting every column of 100,000 rows is most of DuckDB's work), and returns
 * the file's size and digest.
 */
export async function writeSegmentFile(folder: string, path: string, columns: readonly SegmentColumn[], sortBy: string | undefined): Promise<WrittenFile> {
  const target = join(folder, path);
  const temporary = temporaryPath(target);
  await mkdir(dirname(target), { recursive: true });
  try {
    await withConnection(async (connection) => {
      await appendColumns(connection, columns);
      const select = columns.map((c) => `${storedValue(c)} AS ${sqlIdentifier(c.name)}`);
      await connection.run(
        `COPY (SELECT ${select.join(", ")} FROM segment_rows${sortBy === undefined ? "" : ` ORDER BY ${sqlIdentifier(sortBy)}`}) TO ${sqlString(temporary)} (FORMAT parquet, COMPRESSION zstd)`,
      );
    });
    const { hex, size } = await sha256File(temporary);
    await rename(temporary, target);
    return { size, digest: `sha256:${hex}` };
  } finally {
    await rm(temporary, { force: true });
  }
}

function storedValue(column: SegmentColumn): string {
  // DuckDB holds NaN = NaN true, so NULLIF turns a Float64Array's missing values into NULL, in DuckDB's own vectorised code.
  const value = column.values instanceof Float64Array ? `NULLIF(${sqlIdentifier(column.name)}, 'NaN'::DOUBLE)` : sqlIdentifier(column.name);
  if (column.stored === "TIMESTAMP") return `epoch_ms(CAST(${value} AS BIGINT))`;
  if (column.stored === "INTEGER") return `CAST(${value} AS INTEGER)`;
  return value;
}

async function appendColumns(connection: DuckDBConnection, columns: readonly SegmentColumn[]): Promise<void> {
  const travel = columns.map((c) => (c.stored === "VARCHAR" ? VARCHAR : DOUBLE));
  const definitions = columns.map((c, i) => `${sqlIdentifier(c.name)} ${travel[i]}`);
  await connection.run(`CREATE TEMP TABLE segment_rows (${definitions.join(", ")})`);
  const appender = await connection.createAppender("segment_rows", "main", "temp");
  const rowCount = columns[0]?.values.length ?? 0;
  // Synchronous work: a server runs it on the log's writer thread (segment-writer.ts).
  for (let start = 0; start < rowCount; start += CHUNK_ROWS) {
    const end = Math.min(start + CHUNK_ROWS, rowCount);
    const chunk = DuckDBDataChunk.create(travel, end - start);
    chunk.setColumns(columns.map((c) => (c.values instanceof Float64Array ? c.values.subarray(start, end) : c.values.slice(start, end)) as readonly DuckDBValue[]));
    appender.appendDataChunk(chunk);
  }
  appender.closeSync();
}
