import type { Kysely } from "kysely";
import { ConveyorError } from "../../errors.ts";
import type { StoreDialect } from "./dialect.ts";
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from "./migrations.ts";
import type { Tables } from "./tables.ts";

/**
 * Our own version row in `conveyor_meta` rather than Kysely's Migrator: the Migrator creates
 * its bookkeeping tables before it looks at anything, and a database that is not ours, or is
 * newer than this code, must be refused without a single write. One table then holds both
 * the "this is Conveyor's" marker and the version.
 */

/** The schema version of the database, 0 if it is empty. Reads only. */
export async function checkDatabase(db: Kysely<Tables>, dialect: StoreDialect, location: string): Promise<number> {
  const tables = await dialect.listTables(db);
  if (tables.length === 0) return 0;
  if (!tables.includes("conveyor_meta")) {
    const shown = tables.slice(0, 5).join(", ") + (tables.length > 5 ? ", ..." : "");
    throw new ConveyorError(
      `${location} is not a Conveyor database: it holds other tables (${shown}) and no conveyor_meta table`,
      "point Conveyor at an empty place: another project folder, another database, or for Postgres a schema of its own (add ?schema=conveyor to the URL)",
      "foreign_database",
    );
  }
  const row = await db
    .selectFrom("conveyor_meta")
    .select("value")
    .where("key", "=", "schema_version")
    .executeTakeFirst();
  const version = Number(row?.value);
  if (!Number.isInteger(version) || version < 1) {
    throw new ConveyorError(
      `${location} has a conveyor_meta table without a valid schema_version (found ${JSON.stringify(row?.value ?? null)})`,
      "the database was damaged or not made by Conveyor: point Conveyor at an empty place, or restore the database from a backup",
      "foreign_database",
    );
  }
  if (version > LATEST_SCHEMA_VERSION) {
    throw new ConveyorError(
      `${location} has schema version ${version}, newer than this Conveyor understands (up to ${LATEST_SCHEMA_VERSION})`,
      "a newer Conveyor wrote this database: upgrade Conveyor (npm install conveyor@latest) to use it",
      "newer_schema",
    );
  }
  return version;
}

/** Brings the database to the latest schema in one transaction, refusing what `checkDatabase` refuses. */
export async function migrate(db: Kysely<Tables>, dialect: StoreDialect, location: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await dialect.prepareMigration(trx);
    const current = await checkDatabase(trx, dialect, location);
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      await migration.up(trx, dialect.types);
      await trx
        .insertInto("conveyor_meta")
        .values({ key: "schema_version", value: String(migration.version) })
        .onConflict((oc) => oc.column("key").doUpdateSet({ value: String(migration.version) }))
        .execute();
    }
  });
}
