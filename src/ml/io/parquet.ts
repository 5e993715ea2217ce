import { rename, rm, stat } from "node:fs/promises";
import { DOUBLE, type DuckDBConnection, DuckDBDataChunk, VARCHAR } from "@duckdb/node-api";
import { ConveyorError } from "../../errors.ts";
import type { Table } from "../table.ts";
import { withConnection } from "./duckdb.ts";
import { sqlIdentifier, sqlString } from "./sql.ts";
import { readTypedSource } from "./typed-source.ts";

// DuckDB's vector size: the most rows one data chunk holds.
const chunkRows = 2048;

/**
 * Writes a table as Parquet (number columns as DOUBLE, NaN as NULL). The file appears
 * whole or not at all: DuckDB writes a temporary name that is then renamed.
 */
export async function writeParquet(table: Table, path: string): Promise<void> {
  if (table.columns.length === 0) throw new RangeError("a Parquet file needs at least one column");
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await withConnection(async (connection) => {
      await createTempTable(connection, "parquet_out", table);
      await connection.run(`COPY parquet_out TO ${sqlString(temporary)} (FORMAT parquet)`);
    });
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
}

/** Copies a table into a new temporary table of the connection (number columns as DOUBLE, NaN as NULL). */
export async function createTempTable(connection: DuckDBConnection, name: string, table: Table): Promise<void> {
  const definitions = table.columns.map(
    (c) => `${sqlIdentifier(c.name)} ${c.type === "number" ? "DOUBLE" : "VARCHAR"}`,
  );
  await connection.run(`CREATE TEMP TABLE ${sqlIdentifier(name)} (${definitions.join(", ")})`);
  const appender = await connection.createAppender(name, "main", "temp");
  const types = table.columns.map((c) => (c.type === "number" ? DOUBLE : VARCHAR));
  for (let start = 0; start < table.rowCount; start += chunkRows) {
    const end = Math.min(start + chunkRows, table.rowCount);
    const chunk = DuckDBDataChunk.create(types, end - start);
    chunk.setColumns(
      table.columns.map((c) =>
        c.type === "number"
          ? Array.from(c.values.subarray(start, end), (v) => (Number.isNaN(v) ? null : v))
          : c.values.slice(start, end),
      ),
    );
    appender.appendDataChunk(chunk);
  }
  appender.closeSync();
}

/** Reads a Parquet file: numeric columns become "number", every other type "string" (see readTypedSource). */
export async function readParquet(path: string): Promise<Table> {
  await stat(path).catch(() => {
    throw new ConveyorError(`no such file: ${path}`, "check the path", "not_found");
  });
  return withConnection(async (connection) => {
    try {
      return await readTypedSource(connection, `read_parquet(${sqlString(path)})`);
    } catch (error) {
      const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
      throw new ConveyorError(
        `${path} is not a readable Parquet file: ${reason}`,
        "re-create the file",
        "invalid_data",
      );
    }
  });
}
