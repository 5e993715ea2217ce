/** A watermark trigger's value: the first column of the first row its query returns. */
import { resolve } from "node:path";
import { ConveyorError, isConveyorError } from "../errors.ts";

export async function readWatermark(trigger: string, root: string, database: string, query: string): Promise<number | string | null> {
  try {
    // Each driver is loaded when a trigger of its kind polls, as the store loads its own.
    const table =
      database.startsWith("postgres://") || database.startsWith("postgresql://")
        ? await (await import("../ml/io/postgres.ts")).readPostgresQuery(database, query)
        : await (await import("../ml/io/sqlite.ts")).readSqliteQuery(resolve(root, database), query);
    const column = table.columns[0];
    if (!column || table.rowCount === 0) return null;
    const value = column.values[0];
    return value === undefined || (typeof value === "number" && Number.isNaN(value)) ? null : value;
  } catch (error) {
    const message = isConveyorError(error) || error instanceof Error ? error.message : String(error);
    throw new ConveyorError(
      `trigger "${trigger}": its watermark query failed: ${message}`,
      "fix the trigger's query or database; the trigger keeps its last watermark and fires nothing until the query succeeds",
      "watermark_failed",
    );
  }
}
