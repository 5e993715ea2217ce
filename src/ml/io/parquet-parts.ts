import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Table } from "../table.ts";
import { withConnection } from "./duckdb.ts";
import { writeParquet } from "./parquet.ts";
import { sqlString } from "./sql.ts";

/**
 * Writes a Parquet file batch by batch, with memory bounded by one batch: each batch becomes
 * a part file in `folder`, and `finish` streams the parts, in order, into one file, which
 * appears whole or not at all.
 */
export class ParquetParts {
  private readonly parts: string[] = [];

  constructor(private readonly folder: string) {}

  /** Every batch has the same columns; the first fixes them. */
  async append(batch: Table): Promise<void> {
    if (this.parts.length === 0) await mkdir(this.folder, { recursive: true });
    const part = join(this.folder, `part-${String(this.parts.length).padStart(6, "0")}.parquet`);
    await writeParquet(batch, part);
    this.parts.push(part);
  }

  /** Writes the parts as `path` and removes them. At least one batch must have been appended. */
  async finish(path: string): Promise<void> {
    if (this.parts.length === 0) throw new Error("ParquetParts.finish needs at least one part");
    const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
    try {
      await withConnection(async (connection) => {
        // DuckDB keeps the order of the files and of the rows in each (preserve_insertion_order).
        const files = `[${this.parts.map(sqlString).join(", ")}]`;
        await connection.run(`COPY (SELECT * FROM read_parquet(${files})) TO ${sqlString(temporary)} (FORMAT parquet)`);
      });
      await rename(temporary, path);
    } finally {
      await rm(temporary, { force: true });
      await rm(this.folder, { recursive: true, force: true });
    }
  }
}
