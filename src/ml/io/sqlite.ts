import { stat } from "node:fs/promises";
import Database from "better-sqlite3";
import { ConveyorError } from "../../errors.ts";
import type { ColumnType, Table } from "../table.ts";
import { tableFromRecords } from "./records-table.ts";

// DuckDB's sqlite extension is not bundled with its Node package and would be downloaded on
// first use, which fails offline; better-sqlite3, which the metadata store already uses, is.

/**
 * Runs a read-only query against a SQLite database file and returns its rows. SQLite types
 * values, not columns, so a column is "number" when every value it returns is one; with no
 * rows, the declared type decides (INT, REAL, NUMERIC, FLOAT, DOUBLE, DECIMAL: number).
 */
export async function readSqliteQuery(path: string, query: string): Promise<Table> {
  await stat(path).catch(() => {
    throw new ConveyorError(`no such file: ${path}`, "check the path", "not_found");
  });
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const statement = prepare(db, path, query);
    const columns = statement.columns();
    const rows = run(() => statement.raw(true).all() as unknown[][], path);
    const declared = columns.map((c) => (rows.length > 0 ? undefined : declaredType(c.type)));
    return tableFromRecords(
      columns.map((c) => c.name),
      rows,
      declared,
      `the query on ${path}`,
    );
  } finally {
    db.close();
  }
}

function prepare(db: Database.Database, path: string, query: string): Database.Statement {
  const statement = run(() => db.prepare(query), path);
  if (!statement.reader) {
    throw new ConveyorError(`the query on ${path} returns no rows: ${query}`, "give a SELECT query", "invalid_param");
  }
  return statement;
}

function run<T>(work: () => T, path: string): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof Error) || (error as { code?: unknown }).code === undefined) throw error;
    // SQLite's own message names the problem ("no such table: x", "near \"FORM\": syntax error").
    throw new ConveyorError(`the query on ${path} failed: ${error.message}`, "fix the query", "invalid_param");
  }
}

function declaredType(type: string | null): ColumnType | undefined {
  if (type === null) return undefined;
  return /INT|REAL|NUM|FLOA|DOUB|DEC/i.test(type) ? "number" : "string";
}
