import type Database from "better-sqlite3";
import type { DatabaseConnection, Driver, SqliteDialectConfig } from "kysely";
import { CompiledQuery, SqliteDialect, SqliteDriver, sql } from "../kysely/runtime.ts";
import type { StoreDialect } from "../kysely/dialect.ts";
import { explainSqliteError } from "./errors.ts";
import type { Prepare } from "./statement-cache.ts";

/**
 * Kysely's SQLite driver with two changes:
 * - Kysely starts SQLite transactions with a deferred `begin`, which takes the write lock only
 *   at the first write; if another process wrote in between, that write fails at once with
 *   SQLITE_BUSY instead of waiting. `begin immediate` takes the lock up front, where
 *   busy_timeout makes it wait.
 * - SQLite rolls a transaction back by itself on some errors (SQLITE_FULL, SQLITE_IOERR…):
 *   Kysely's own rollback then failed with "cannot rollback - no transaction is active",
 *   hiding the error that caused it. Errors a user can act on are explained (./errors.ts).
 */
class ImmediateTransactionDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly database: Database.Database,
    private readonly location: string,
  ) {
    super(config);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    const { location } = this;
    return {
      async executeQuery(query) {
        try {
          return await connection.executeQuery(query);
        } catch (error) {
          throw explainSqliteError(error, location);
        }
      },
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    };
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.database.inTransaction) await super.rollbackTransaction(connection);
  }
}

export class ImmediateTransactionSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #database: Database.Database;
  readonly #location: string;

  /** `database` is the connection `config` wraps, `location` its file. */
  constructor(config: SqliteDialectConfig, database: Database.Database, location: string) {
    super(config);
    this.#config = config;
    this.#database = database;
    this.#location = location;
  }

  override createDriver(): Driver {
    return new ImmediateTransactionDriver(this.#config, this.#database, this.#location);
  }
}

/** The store dialect of SQLite connection `database` (the file at `location`), preparing through its statement cache. */
export function sqliteStoreDialect(database: Database.Database, prepare: Prepare, location: string): StoreDialect {
  return { ...sqliteQueries, insertRows: sqliteRowInserter(database, prepare, location) };
}

/**
 * Runs one prepared insert per row, named parameters bound from the row itself, on the
 * connection whose transaction the caller holds through Kysely (better-sqlite3 runs it
 * synchronously, so nothing else can interleave).
 */
function sqliteRowInserter(database: Database.Database, prepare: Prepare, location: string): StoreDialect["insertRows"] {
  return async (_trx, table, rows) => {
    const first = rows[0];
    if (!first) return;
    // Outside a transaction each row would commit alone, or join a transaction someone else holds.
    if (!database.inTransaction) throw new Error(`insertRows into ${table} outside a transaction`);
    const columns = Object.keys(first);
    const statement = prepare(`insert into "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) values (${columns.map((c) => `@${c}`).join(", ")})`);
    try {
      for (const row of rows) statement.run(row);
    } catch (error) {
      throw explainSqliteError(error, location);
    }
  };
}

export const sqliteColumnTypes: StoreDialect["types"] = { id: "text", json: "text", int64: "integer", float: "real", serial: "integer" };

const sqliteQueries: Omit<StoreDialect, "insertRows"> = {
  types: sqliteColumnTypes,

  // SQLite's default collation, BINARY, compares UTF-8 bytes: code point order already.
  byCodePoint: (column) => sql<string>`${sql.ref(column)}`,

  stringList: (values) => sql`(select value from json_each(${JSON.stringify(values)}))`,

  async listTables(db) {
    const result = await sql<{ name: string }>`
      select name from sqlite_master
      where type in ('table', 'view') and name not like 'sqlite\\_%' escape '\\'
      order by name`.execute(db);
    return result.rows.map((r) => r.name);
  },

  // `begin immediate` already makes concurrent migrations wait for each other.
  async prepareMigration() {},

  // SQLite has one writer at a time, so log rows commit in id order by themselves.
  async serializeLogAppends() {},
};
