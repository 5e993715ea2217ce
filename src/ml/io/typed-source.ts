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
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
  const columns = described
    .getRowObjectsJS()
    .map((row) => ({ name: String(row.column_name), sqlType: String(row.column_type) }));
  const types = columns.map((c): ColumnType => (numericType.test(c.sqlType) ? "number" : "string"));
  const select = columns.map((c, i) => {
    const column = sqlIdentifier(c.name);
    if (types[i] === "number") return `CAST(${column} AS DOUBLE) AS ${column}`;
    if (nestedType.test(c.sqlType)) return `CAST(to_json(${column}) AS VARCHAR) AS ${column}`;
    return `CAST(${column} AS VARCHAR) AS ${column}`;
  });
  return queryTable(connection, `SELECT ${select.join(", ")} FROM ${source}`, types);
}
