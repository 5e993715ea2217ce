import type { DuckDBConnection } from "@duckdb/node-api";
import { type Column, type ColumnType, createTable, type Table } from "../table.ts";

/**
 * Runs a query whose columns are all DOUBLE (for "number") or VARCHAR (for "string") and
 * copies the result into a table. Callers cast in SQL so this never meets another type.
 */
export async function queryTable(
  connection: DuckDBConnection,
  sql: string,
  types: readonly ColumnType[],
): Promise<Table> {
  const result = await connection.run(sql);
  const names = result.columnNames();
  const numbers = types.map((type) =>
    type === "number" ? new Float64Array(result.rowCount) : undefined,
  );
  const strings = types.map((type) =>
    type === "string" ? new Array<string | null>(result.rowCount) : undefined,
  );
  let offset = 0;
  for (let i = 0; i < result.chunkCount; i++) {
    const chunk = result.getChunk(i);
    types.forEach((_, c) => {
      const vector = chunk.getColumnVector(c);
      const numberValues = numbers[c];
      const stringValues = strings[c];
      for (let row = 0; row < chunk.rowCount; row++) {
        const value = vector.getItem(row);
        if (numberValues) numberValues[offset + row] = value === null ? Number.NaN : Number(value);
        else if (stringValues) stringValues[offset + row] = value === null ? null : String(value);
      }
    });
    offset += chunk.rowCount;
  }
  const columns = types.map((type, c): Column => {
    const name = names[c] as string;
    return type === "number"
      ? { name, type, values: numbers[c] as Float64Array }
      : { name, type, values: strings[c] as (string | null)[] };
  });
  return createTable(columns);
}
