/**
 * better-sqlite3 with prepared statements reused: Kysely's SQLite driver prepares every query
 * anew, which was about a fifth of the engine's per-task cost. A statement is only reused
 * for the same SQL text; better-sqlite3 statements are safe to run again and again.
 */
import type Database from "better-sqlite3";
import type { SqliteDatabase } from "kysely";

const LIMIT = 512;

export function withStatementCache(database: Database.Database): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        statement = database.prepare(sql);
        // Queries built with many values (batched inserts) each have their own text: keep it bounded.
        if (cache.size >= LIMIT) cache.delete(cache.keys().next().value as string);
        cache.set(sql, statement);
      }
      return statement as unknown as ReturnType<SqliteDatabase["prepare"]>;
    },
  };
}
