/**
 * Schema version 2: experiments, run tags and context, side tables that make run search an
 * index lookup (parameters by name and number, the latest value of each metric), and the
 * model registry. Existing runs join the experiment named after their pipeline.
 */
import type { Kysely } from "kysely";
import { sql } from "./runtime.ts";
import { batches } from "./batches.ts";
import type { Migration } from "./migrations.ts";
import { paramRows } from "./param-rows.ts";

export const migration2: Migration = {
  version: 2,
  async up(db, t) {
    await db.schema
      .createTable("experiments")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("description", "text")
      .addColumn("created_at", t.int64, (c) => c.notNull())
      .execute();
    // Nullable because SQLite adds a referencing column only with a NULL default; every run gets one below and on insert.
    await db.schema.alterTable("runs").addColumn("experiment", "text", (c) => c.references("experiments.name")).execute();
    await sql`insert into experiments (name, description, created_at)
      select pipeline_name, null, min(created_at) from runs group by pipeline_name`.execute(db);
    await sql`update runs set experiment = pipeline_name`.execute(db);
    await db.schema.createIndex("runs_by_experiment").on("runs").columns(["experiment", "id"]).execute();

    await db.schema
      .createTable("run_context")
      .addColumn("run_id", t.id, (c) => c.primaryKey().references("runs.id"))
      .addColumn("context", t.json, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("run_params")
      .addColumn("run_id", t.id, (c) => c.notNull().references("runs.id"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("num", t.float)
      .addPrimaryKeyConstraint("run_params_pk", ["run_id", "name"])
      .execute();
    await db.schema.createIndex("run_params_by_num").on("run_params").columns(["name", "num"]).execute();
    await db.schema.createIndex("run_params_by_value").on("run_params").columns(["name", "value"]).execute();
    await backfillParams(db);

    await db.schema
      .createTable("run_tags")
      .addColumn("run_id", t.id, (c) => c.notNull().references("runs.id"))
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("value", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("run_tags_pk", ["run_id", "key"])
      .execute();
    await db.schema.createIndex("run_tags_by_value").on("run_tags").columns(["key", "value"]).execute();

    await db.schema
      .createTable("run_latest_metrics")
      .addColumn("run_id", t.id, (c) => c.notNull().references("runs.id"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("value", t.float, (c) => c.notNull())
      .addColumn("step", t.int64)
      .addColumn("time", t.int64, (c) => c.notNull())
      .addPrimaryKeyConstraint("run_latest_metrics_pk", ["run_id", "name"])
      .execute();
    await db.schema.createIndex("run_latest_metrics_by_value").on("run_latest_metrics").columns(["name", "value"]).execute();
    await sql`insert into run_latest_metrics (run_id, name, value, step, time)
      select run_id, name, value, step, time from metrics
      where id in (select max(id) from metrics group by run_id, name)`.execute(db);
    await db.schema.createIndex("metrics_by_run_name").on("metrics").columns(["run_id", "name", "id"]).execute();

    await db.schema
      .createTable("models")
      .addColumn("id", t.id, (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull().unique())
      .addColumn("description", "text")
      .addColumn("created_at", t.int64, (c) => c.notNull())
      .addColumn("updated_at", t.int64, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("model_versions")
      .addColumn("model_id", t.id, (c) => c.notNull().references("models.id"))
      .addColumn("version", "integer", (c) => c.notNull())
      .addColumn("run_id", t.id, (c) => c.notNull().references("runs.id"))
      .addColumn("task_id", t.id, (c) => c.references("tasks.id"))
      .addColumn("artifact_id", t.id, (c) => c.notNull().references("artifacts.id"))
      .addColumn("digest", "text", (c) => c.notNull())
      .addColumn("description", "text")
      .addColumn("tags", t.json, (c) => c.notNull())
      .addColumn("signature", t.json)
      .addColumn("metrics", t.json, (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", t.int64, (c) => c.notNull())
      .addPrimaryKeyConstraint("model_versions_pk", ["model_id", "version"])
      .addUniqueConstraint("model_versions_digest", ["model_id", "digest"])
      .execute();
    await db.schema.createIndex("model_versions_by_run").on("model_versions").column("run_id").execute();

    await db.schema
      .createTable("model_aliases")
      .addColumn("model_id", t.id, (c) => c.notNull())
      .addColumn("alias", "text", (c) => c.notNull())
      .addColumn("version", "integer", (c) => c.notNull())
      .addColumn("updated_at", t.int64, (c) => c.notNull())
      .addPrimaryKeyConstraint("model_aliases_pk", ["model_id", "alias"])
      // An alias can only point at a version that exists.
      .addForeignKeyConstraint("model_aliases_version", ["model_id", "version"], "model_versions", ["model_id", "version"])
      .execute();

    await db.schema
      .createTable("alias_events")
      .addColumn("id", t.serial, (c) => c.primaryKey())
      .addColumn("model_id", t.id, (c) => c.notNull().references("models.id"))
      .addColumn("alias", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("from_version", "integer")
      .addColumn("to_version", "integer")
      .addColumn("actor", "text", (c) => c.notNull())
      .addColumn("reason", "text")
      .addColumn("created_at", t.int64, (c) => c.notNull())
      .execute();
    await db.schema.createIndex("alias_events_by_model").on("alias_events").columns(["model_id", "alias", "id"]).execute();
  },
};

/** Parameters so far live only in runs.params (JSON text on both backends, see tables.ts). */
async function backfillParams(db: Kysely<any>): Promise<void> {
  const runs = await db.selectFrom("runs").select(["id", "params"]).execute();
  const rows = runs.flatMap((r: { id: string; params: string }) => paramRows(r.id, JSON.parse(r.params)));
  for (const batch of batches(rows)) await db.insertInto("run_params").values(batch).execute();
}
