/**
 * better-sqlite3 with prepared statements reused: Kysely's SQLite driver prepares every query
 * anew, which was about a fifth of the engine's per-task cost. A statement is only reused
 * for the same SQL text; better-sqlite3 statements are safe to run again and again. One cache
 * serves a connection: Kysely's queries, and the statements the store runs on it directly.
 */
import type Database from "better-sqlite3";
import type { SqliteDatabase } from "kysely";

const LIMIT = 512;

/** Prepares `sql`, or returns the statement prepared for the same text before. */
export type Prepare = (sql: string) => Database.Statement;

export function statementCache(database: Database.Database): Prepare {
  const cache = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = database.prepare(sql);
      // Queries built with many values (batched inserts) each have their own text: keep it bounded.
      if (cache.size >= LIMIT) cache.delete(cache.keys().next().value as string);
      cache.set(sql, statement);
    }
    return statement;
  };
}

/** The connection as Kysely's SQLite dialect sees it, preparing through `prepare`. */
export function withStatementCache(database: Database.Database, prepare: Prepare): SqliteDatabase {
  return {
    close: () => database.close(),
    prepare: (sql: string) => prepare(sql) as unknown as ReturnType<SqliteDatabase["prepare"]>,
  };
}
