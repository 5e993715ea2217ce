import type * as DuckDB from "@duckdb/node-api";
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";

// One in-memory instance per process: creating one costs ~15 ms, a connection almost nothing.
let instance: Promise<DuckDBInstance> | undefined;

/**
 * DuckDB's module, loaded the first time a table is read or written: loading its native library
 * costs about two `node -e 0`, which every process that imports the package (a pipeline file
 * does) would pay on start even when no task of its reads a file.
 */
export const duckdb = (): Promise<typeof DuckDB> => import("@duckdb/node-api");

/** Runs `work` on a fresh connection (so temp tables never leak between calls) and closes it. */
export async function withConnection<T>(
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  instance ??= duckdb().then(({ DuckDBInstance }) => DuckDBInstance.create(":memory:"));
  const connection = await (await instance).connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
  }
}
