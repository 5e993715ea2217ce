/** Reading a model's row, versions and aliases: shared by the registry's queries and its transactions. */
import type { Kysely } from "kysely";
import type { Tables } from "./tables.ts";
import { modelNotFound } from "../registry-errors.ts";

export interface ModelRef {
  id: string;
  name: string;
}

export async function findModel(db: Kysely<Tables>, name: string): Promise<ModelRef | undefined> {
  return db.selectFrom("models").select(["id", "name"]).where("name", "=", name).executeTakeFirst();
}

/**
 * Inside a transaction: finds the model and locks its row, so registrations and alias
 * changes of one model happen one after the other (Postgres row lock; SQLite has one
 * writer anyway). Throws not_found for an unknown model.
 */
export async function lockModel(trx: Kysely<Tables>, name: string, location: string, now: number): Promise<ModelRef> {
  const updated = await trx.updateTable("models").set({ updated_at: now }).where("name", "=", name).executeTakeFirst();
  if (updated.numUpdatedRows === 0n) throw modelNotFound(name, location);
  return (await findModel(trx, name)) as ModelRef;
}

export async function latestVersion(db: Kysely<Tables>, modelId: string): Promise<number> {
  const row = await db
    .selectFrom("model_versions")
    .select((eb) => eb.fn.max<number | null>("version").as("latest"))
    .where("model_id", "=", modelId)
    .executeTakeFirst();
  return Number(row?.latest ?? 0);
}

/** The highest number the model ever gave a version: deleted versions' numbers are not reused. */
export async function lastVersionNumber(db: Kysely<Tables>, modelId: string): Promise<number> {
  const row = await db.selectFrom("models").select("last_version").where("id", "=", modelId).executeTakeFirstOrThrow();
  return Number(row.last_version);
}

export async function versionExists(db: Kysely<Tables>, modelId: string, version: number): Promise<boolean> {
  const row = await db.selectFrom("model_versions").select("version").where("model_id", "=", modelId).where("version", "=", version).executeTakeFirst();
  return row !== undefined;
}

/** Alias → version, by alias name. */
export async function modelAliases(db: Kysely<Tables>, modelId: string): Promise<Record<string, number>> {
  const rows = await db.selectFrom("model_aliases").select(["alias", "version"]).where("model_id", "=", modelId).execute();
  rows.sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));
  return Object.fromEntries(rows.map((r) => [r.alias, r.version]));
}

export function aliasesOf(aliases: Record<string, number>, version: number): string[] {
  return Object.entries(aliases)
    .filter(([, v]) => v === version)
    .map(([a]) => a);
}
