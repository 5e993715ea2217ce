import { createHash } from "node:crypto";
import type { Table } from "./table.ts";

/**
 * A dataset's identity: the sha256 of its schema and values, independent of the file format
 * or source it came from (the same rows read from CSV, Parquet or SQL have one digest) and of
 * how a Parquet writer happens to encode them. Ingest records it, and a pipeline pins data to
 * it with `expectDigest`.
 * Each column contributes its name and type, then its values: numbers as little-endian
 * doubles (every missing value as one canonical NaN), text as JSON strings (missing as null).
 */
export function tableDigest(table: Table): string {
  const hash = createHash("sha256");
  hash.update(`conveyor.table-digest 1\n${table.rowCount}\n`);
  for (const column of table.columns) {
    hash.update(`${JSON.stringify(column.name)} ${column.type}\n`);
    if (column.type === "number") {
      const values = Float64Array.from(column.values, (v) => (Number.isNaN(v) ? Number.NaN : v));
      const bytes = new DataView(values.buffer);
      for (let i = 0; i < values.length; i++) bytes.setFloat64(i * 8, values[i]!, true);
      hash.update(new Uint8Array(values.buffer));
    } else {
      for (const value of column.values) hash.update(`${JSON.stringify(value)}\n`);
    }
  }
  return `sha256:${hash.digest("hex")}`;
}
