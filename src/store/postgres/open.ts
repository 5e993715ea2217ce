import { Kysely, PostgresDialect, sql } from "../kysely/runtime.ts";
import pg from "pg";
import { ConveyorError } from "../../errors.ts";
import { migrate } from "../kysely/migrate.ts";
import { kyselyStore } from "../kysely/store.ts";
import type { Tables } from "../kysely/tables.ts";
import type { MetadataStore } from "../types.ts";
import { postgresStoreDialect } from "./dialect.ts";
import { parsePostgresUrl } from "./url.ts";

const { builtins } = pg.types;

/**
 * int8 as a number (ours are epoch milliseconds, sizes and serial ids, all far below 2^53)
 * and json/jsonb as their text, so rows look exactly like SQLite's and share one mapping.
 */
function getTypeParser(oid: number, format?: "text" | "binary") {
  if (oid === builtins.INT8) return Number;
  if (oid === builtins.JSONB || oid === builtins.JSON) return (text: string) => text;
  return pg.types.getTypeParser(oid, format);
}

/** Opens the store in `schema` (or the URL's `?schema=`), creating the schema and tables if missing. */
export async function openPostgresStore(url: string, schema?: string): Promise<MetadataStore> {
  const target = parsePostgresUrl(url, schema);
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    options: `-c search_path=${target.schema}`,
    types: { getTypeParser } as pg.CustomTypesConfig,
  });
  // An idle connection dropped by the server must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  const dialect = postgresStoreDialect(target.schema);
  try {
    await connect(db, target.location);
    await migrate(db, dialect, target.location);
    return kyselyStore({ db, dialect, location: target.location });
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

async function connect(db: Kysely<Tables>, location: string): Promise<void> {
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    throw new ConveyorError(
      `cannot connect to Postgres at ${location}: ${(error as Error).message}`,
      "check that PostgreSQL is running and that the user, host, port and database in CONVEYOR_DB are right",
      "store_unavailable",
    );
  }
}
