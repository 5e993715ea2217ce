/**
 * SQLite errors a user can act on, as ConveyorErrors naming the database file and what to do.
 * Anything else is returned as it is: a bug keeps its stack.
 */
import { ConveyorError } from "../../errors.ts";

export function explainSqliteError(error: unknown, location: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === "SQLITE_NOTADB") {
    return new ConveyorError(
      `${location} is not a SQLite database, so it cannot be Conveyor's`,
      "move the file away (Conveyor then creates a new database there), or run Conveyor in another project folder",
      "foreign_database",
    );
  }
  if (code === "SQLITE_FULL") {
    return new ConveyorError(
      `cannot write to ${location}: the disk holding it is full (SQLITE_FULL)`,
      "free space on that disk; what was committed is kept, and `conveyor resume <run>` continues a run that stopped here",
      "disk_full",
    );
  }
  return error;
}
