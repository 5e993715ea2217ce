import { stat } from "node:fs/promises";
import { ConveyorError, isConveyorError } from "../../errors.ts";
import type { Table } from "../table.ts";
import { withConnection } from "./duckdb.ts";
import { sqlString } from "./sql.ts";
import { readTypedSource } from "./typed-source.ts";

/**
 * Reads a JSON file holding an array of objects, or newline-delimited JSON (one object per
 * line), into a table with a column per key (DuckDB's read_json decides which layout and the
 * column types). Numbers become "number" columns; everything else, nested values included,
 * text (see readTypedSource).
 */
export async function readJsonRecords(path: string): Promise<Table> {
  const { size } = await stat(path).catch(() => {
    throw new ConveyorError(`no such file: ${path}`, "check the path", "not_found");
  });
  if (size === 0) throw new ConveyorError(`${path} is empty`, "give a JSON array of objects, or one object per line", "invalid_data");
  return withConnection(async (connection) => {
    try {
      return await readTypedSource(connection, `read_json(${sqlString(path)}, format = 'auto', records = true)`);
    } catch (error) {
      if (isConveyorError(error)) throw error;
      // DuckDB's first line says what and where ("Malformed JSON ... at byte N"); the rest is its own advice.
      const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
      throw new ConveyorError(
        `${path} is not readable as JSON records: ${reason}`,
        "give a JSON array of objects, or one object per line (NDJSON), each with the same keys",
        "invalid_data",
      );
    }
  });
}
