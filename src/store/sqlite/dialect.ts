import type { DatabaseConnection, Driver, SqliteDialectConfig } from "kysely";
import { CompiledQuery, SqliteDialect, SqliteDriver, sql } from "../kysely/runtime.ts";
import type { StoreDialect } from "../kysely/dialect.ts";

/**
 * Kysely starts SQLite transactions with a deferred `begin`, which takes the write lock only
 * at the first write; if another process wrote in between, that write fails at once with
 * SQLITE_BUSY instead of waiting. `begin immediate` takes the lock up front, where
 * busy_timeout makes it wait.
 */
class ImmediateTransactionDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

export class ImmediateTransactionSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateTransactionDriver(this.#config);
  }
}

export const sqliteStoreDialect: StoreDialect = {
  types: { id: "text", json: "text", int64: "integer", float: "real", serial: "integer" },

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
