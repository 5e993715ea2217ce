import { ConveyorError } from "../../errors.ts";
import { type Column, type ColumnType, createTable, type Table } from "../table.ts";

/**
 * Builds a table from query result rows (arrays in column order), for database drivers that
 * hand back JavaScript values. A column is "number" when `types` says so or, left
 * undecided, when every present value is a number, bigint or boolean (as 1 or 0); otherwise
 * "string", dates as ISO text and JSON values as JSON text. Binary values are refused,
 * naming column and row: no tabular model can use them.
 */
export function tableFromRecords(
  names: readonly string[],
  rows: readonly (readonly unknown[])[],
  types: readonly (ColumnType | undefined)[],
  source: string,
): Table {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      throw new ConveyorError(`${source} returns two columns named "${name}"`, "give each column a distinct name (AS ...)", "invalid_data");
    }
    seen.add(name);
  }
  const columns = names.map((name, c): Column => {
    const values = rows.map((row, r) => checkValue(row[c], name, r, source));
    const type = types[c] ?? (values.every((v) => v === null || isNumeric(v)) ? "number" : "string");
    if (type === "number") {
      return { name, type, values: Float64Array.from(values, (v) => (v === null ? Number.NaN : Number(v))) };
    }
    return { name, type, values: values.map(asText) };
  });
  return createTable(columns);
}

function checkValue(value: unknown, column: string, row: number, source: string): unknown {
  if (value instanceof Uint8Array) {
    throw new ConveyorError(
      `${source} returns binary data in column "${column}" at row ${row}`,
      "leave binary columns out of the query, or convert them to text or numbers in SQL",
      "invalid_data",
    );
  }
  return value === undefined ? null : value;
}

function isNumeric(value: unknown): boolean {
  return typeof value === "number" || typeof value === "bigint" || typeof value === "boolean";
}

function asText(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
