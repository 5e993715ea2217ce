/**
 * Schema version 3: each model remembers the highest version number it ever gave out, so a
 * deleted version's number is never given to another artifact (`models:/name/3` keeps
 * meaning one thing, or nothing).
 */
import { sql } from "./runtime.ts";
import type { Migration } from "./migrations.ts";

export const migration3: Migration = {
  version: 3,
  async up(db) {
    await db.schema.alterTable("models").addColumn("last_version", "integer", (c) => c.notNull().defaultTo(0)).execute();
    await sql`update models set last_version = coalesce((select max(version) from model_versions where model_versions.model_id = models.id), 0)`.execute(db);
  },
};
