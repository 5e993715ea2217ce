import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { Kysely } from "../kysely/runtime.ts";
import { checkDatabase, migrate } from "../kysely/migrate.ts";
import { kyselyStore } from "../kysely/store.ts";
import type { Tables } from "../kysely/tables.ts";
import type { MetadataStore } from "../types.ts";
import { ImmediateTransactionSqliteDialect, sqliteStoreDialect } from "./dialect.ts";
import { explainSqliteError } from "./errors.ts";
import { statementCache, withStatementCache } from "./statement-cache.ts";
import { sqliteTransition } from "./transition.ts";

/** How long a write waits for another process's write before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 10_000;

/** A new connection to the database at `location` (created if missing), its schema brought up to date. */
export async function connectSqlite(location: string): Promise<MetadataStore> {
  mkdirSync(dirname(location), { recursive: true });
  const database = new Database(location);
  try {
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    database.pragma("foreign_keys = ON");
    // With WAL, NORMAL loses no committed transaction when a process dies, only on power loss.
    database.pragma("synchronous = NORMAL");
    const prepare = statementCache(database);
    const db = new Kysely<Tables>({ dialect: new ImmediateTransactionSqliteDialect({ database: withStatementCache(database, prepare) }, database, location) });
    // Check before switching to WAL: journal_mode is the one pragma that writes to the file.
    const dialect = sqliteStoreDialect(database, prepare, location);
    await checkDatabase(db, dialect, location);
    database.pragma("journal_mode = WAL");
    await migrate(db, dialect, location);
    return { ...kyselyStore({ db, dialect, location }), transition: sqliteTransition(database, prepare, db, location) };
  } catch (error) {
    database.close();
    throw explainSqliteError(error, location);
  }
}
