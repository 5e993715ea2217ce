import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";

// One in-memory instance per process: creating one costs ~15 ms, a connection almost nothing.
let instance: Promise<DuckDBInstance> | undefined;

/** Runs `work` on a fresh connection (so temp tables never leak between calls) and closes it. */
export async function withConnection<T>(
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  instance ??= DuckDBInstance.create(":memory:");
  const connection = await (await instance).connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
  }
}
