import pg from "pg";
import { ConveyorError } from "../../errors.ts";
import { redact } from "../../store/postgres/url.ts";
import type { ColumnType, Table } from "../table.ts";
import { tableFromRecords } from "./records-table.ts";

/** PostgreSQL type OIDs that hold numbers: int2, int4, int8, oid, float4, float8, numeric, and bool (as 1 or 0). */
const numericOids = new Set([21, 23, 20, 26, 700, 701, 1700, 16]);

/**
 * Runs a query on PostgreSQL and returns its rows. Column types come from the result's type
 * OIDs, so an empty result is typed too; int8 and numeric (which pg hands back as text, to
 * keep their precision) become doubles.
 */
export async function readPostgresQuery(url: string, query: string): Promise<Table> {
  const client = new pg.Client({ connectionString: url });
  await client.connect().catch((error: Error) => {
    throw new ConveyorError(
      `cannot connect to PostgreSQL at ${redact(url)}: ${error.message}`,
      "check the URL, and that the server is running and accepts the connection",
      "connection_failed",
    );
  });
  try {
    const result = await client.query({ text: query, rowMode: "array" }).catch((error: Error) => {
      throw new ConveyorError(`the query on ${redact(url)} failed: ${error.message}`, "fix the query", "invalid_param");
    });
    if (!result.fields || result.fields.length === 0) {
      throw new ConveyorError(`the query on ${redact(url)} returns no columns: ${query}`, "give a SELECT query", "invalid_param");
    }
    const types = result.fields.map((f): ColumnType => (numericOids.has(f.dataTypeID) ? "number" : "string"));
    const rows = result.rows as unknown[][];
    return tableFromRecords(
      result.fields.map((f) => f.name),
      rows,
      types,
      `the query on ${redact(url)}`,
    );
  } finally {
    await client.end();
  }
}
