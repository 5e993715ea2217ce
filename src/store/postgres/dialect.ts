import { sql } from "../kysely/runtime.ts";
import { insertRowsInBatches } from "../kysely/batches.ts";
import type { StoreDialect } from "../kysely/dialect.ts";

export function postgresStoreDialect(schema: string): StoreDialect {
  /** Advisory locks are per database; the schema in the key keeps stores in other schemas independent. */
  const lockKey = (purpose: string) => sql`hashtext(${`conveyor:${purpose}:${schema}`})`;

  return {
    types: {
      // Byte-wise order whatever the database's collation, so `order by id` is creation order.
      id: sql`text collate "C"`,
      json: "jsonb",
      int64: "bigint",
      float: "double precision",
      serial: "bigserial",
    },

    byCodePoint: (column) => sql<string>`${sql.ref(column)} collate "C"`,

    stringList: (values) => sql`(select unnest(${values}::text[]))`,

    async listTables(db) {
      const result = await sql<{ name: string }>`
        select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ${schema} and c.relkind in ('r', 'p', 'v', 'm', 'f')
        order by c.relname`.execute(db);
      return result.rows.map((r) => r.name);
    },

    async prepareMigration(trx) {
      await sql`select pg_advisory_xact_lock(${lockKey("migrate")})`.execute(trx);
      // Not `create schema if not exists`: that needs CREATE on the database even when the schema exists.
      const existing = await sql`select 1 from pg_namespace where nspname = ${schema}`.execute(trx);
      if (existing.rows.length === 0) await sql`create schema ${sql.id(schema)}`.execute(trx);
    },

    async serializeLogAppends(trx) {
      // Without this, a writer that took id 5 could commit after one that took id 6, and a
      // reader who already followed past 6 would never see 5.
      await sql`select pg_advisory_xact_lock(${lockKey("logs")})`.execute(trx);
    },

    insertRows: insertRowsInBatches,
  };
}
