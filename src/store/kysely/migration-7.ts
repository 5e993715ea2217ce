/**
 * Schema version 7: deployments (what serves under a name: a stable model reference, an
 * optional candidate with its traffic policy, rollback thresholds) and their audit trail, each
 * event with the state before and after, the model version it put into service (lineage) and,
 * for an automatic rollback, the figures that caused it.
 */
import type { Migration } from "./migrations.ts";

export const migration7: Migration = {
  version: 7,
  async up(db, t) {
    await db.schema
      .createTable("deployments")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("stage", "text", (c) => c.notNull())
      .addColumn("stable", "text", (c) => c.notNull())
      .addColumn("candidate", t.json)
      .addColumn("thresholds", t.json, (c) => c.notNull())
      .addColumn("created_at", t.int64, (c) => c.notNull())
      .addColumn("updated_at", t.int64, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("deployment_events")
      .addColumn("id", t.serial, (c) => c.primaryKey())
      .addColumn("deployment", "text", (c) => c.notNull().references("deployments.name"))
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("from_state", t.json)
      .addColumn("to_state", t.json, (c) => c.notNull())
      // The model by name, not id: the trail outlives a deleted version.
      .addColumn("model", "text")
      .addColumn("version", "integer")
      .addColumn("figures", t.json)
      .addColumn("actor", "text", (c) => c.notNull())
      .addColumn("reason", "text")
      .addColumn("created_at", t.int64, (c) => c.notNull())
      .execute();
    await db.schema.createIndex("deployment_events_by_deployment").on("deployment_events").columns(["deployment", "id"]).execute();
    await db.schema.createIndex("deployment_events_by_version").on("deployment_events").columns(["model", "version", "id"]).execute();
  },
};
