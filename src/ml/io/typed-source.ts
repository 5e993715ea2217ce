import type { DuckDBConnection } from "@duckdb/node-api";
import type { ColumnType, Table } from "../table.ts";
import { queryTable } from "./result-table.ts";
import { sqlIdentifier } from "./sql.ts";

const numericType = /^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|DECIMAL.*)$/;
const nestedType = /^(STRUCT|MAP|UNION)\(|\[\d*\]$/;

/**
 * Reads every row of a DuckDB relation (e.g. `read_parquet('x')`, `read_json('y')`) into a
 * table: numeric columns become "number"; nested values (structs, lists, maps) become their
 * JSON text; every other type (text, booleans, dates) becomes its text.
 */
export async function readTypedSource(connection: DuckDBConnection, source: string): Promise<Table> {
  const columns = await describeSource(connection, source);
  const types = columns.map((c) => sourceColumnType(c.sqlType));
  const select = columns.map((c) => typedColumn(c.name, c.sqlType));
  return queryTable(connection, `SELECT ${select.join(", ")} FROM ${source}`, types);
}

export interface SourceColumn {
  readonly name: string;
  /** DuckDB's type name, e.g. "BIGINT", "VARCHAR", "STRUCT(a INTEGER)". */
  readonly sqlType: string;
}

/** The columns of a DuckDB relation, without reading its rows. */
export async function describeSource(connection: DuckDBConnection, source: string): Promise<SourceColumn[]> {
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
  return described.getRowObjectsJS().map((row) => ({ name: String(row.column_name), sqlType: String(row.column_type) }));
}

/** The table type a column of this SQL type is read as: "number" for every numeric type, else "string". */
export function sourceColumnType(sqlType: string): ColumnType {
  return numericType.test(sqlType) ? "number" : "string";
}

/** The SELECT expression that reads a column as its table type: DOUBLE, JSON text for nested values, else VARCHAR. */
export function typedColumn(name: string, sqlType: string): string {
  const column = sqlIdentifier(name);
  if (sourceColumnType(sqlType) === "number") return `CAST(${column} AS DOUBLE) AS ${column}`;
  if (nestedType.test(sqlType)) return `CAST(to_json(${column}) AS VARCHAR) AS ${column}`;
  return `CAST(${column} AS VARCHAR) AS ${column}`;
}
