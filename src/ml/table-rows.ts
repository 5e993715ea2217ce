import type { Column, Table } from "./table.ts";

/** A new table holding the given rows, in the given order (how splits become tables). */
export function takeRows(table: Table, rows: readonly number[]): Table {
  for (const row of rows) {
    if (!Number.isInteger(row) || row < 0 || row >= table.rowCount) {
      throw new RangeError(`row ${row} is outside the table's ${table.rowCount} rows`);
    }
  }
  const columns = table.columns.map((column): Column => {
    if (column.type === "number") {
      const values = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) values[i] = column.values[rows[i]!]!;
      return { name: column.name, type: "number", values };
    }
    return {
      name: column.name,
      type: "string",
      values: rows.map((row) => column.values[row] ?? null),
    };
  });
  return { columns, rowCount: rows.length };
}
