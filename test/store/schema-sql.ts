/**
 * The SQL that brings an empty database to an older schema version, written by the store's own
 * migrations through a driver that runs nothing: to test upgrading a database made by an
 * earlier Conveyor.
 */
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from "kysely";
import { MIGRATIONS } from "../../src/store/kysely/migrations.ts";
import { postgresStoreDialect } from "../../src/store/postgres/dialect.ts";
import { sqliteColumnTypes } from "../../src/store/sqlite/dialect.ts";

export async function schemaSql(backend: "sqlite" | "postgres", version: number): Promise<string> {
  const statements: string[] = [];
  const sqlite = backend === "sqlite";
  const db = new Kysely<any>({
    dialect: {
      createAdapter: () => (sqlite ? new SqliteAdapter() : new PostgresAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => (sqlite ? new SqliteIntrospector(k) : new PostgresIntrospector(k)),
      createQueryCompiler: () => (sqlite ? new SqliteQueryCompiler() : new PostgresQueryCompiler()),
    },
    log: (event) => {
      if (event.query.parameters.length > 0) throw new Error(`schemaSql: a migration statement has parameters: ${event.query.sql}`);
      statements.push(event.query.sql);
    },
  });
  const types = sqlite ? sqliteColumnTypes : postgresStoreDialect("unused").types;
  for (const migration of MIGRATIONS) if (migration.version <= version) await migration.up(db, types);
  statements.push(`insert into conveyor_meta (key, value) values ('schema_version', '${version}')`);
  return statements.join(";\n");
}
