import type { Kysely } from "kysely";
import type { ColumnTypes } from "./dialect.ts";
import { migration2 } from "./migration-2.ts";
import { migration3 } from "./migration-3.ts";
import { migration4 } from "./migration-4.ts";
import { migration5 } from "./migration-5.ts";
import { migration6 } from "./migration-6.ts";
import { migration7 } from "./migration-7.ts";
import { migration8 } from "./migration-8.ts";
import { migration9 } from "./migration-9.ts";
import { migration10 } from "./migration-10.ts";

export interface Migration {
  version: number;
  /** `any`: a migration sees the schema as it was before it, not today's `Tables`. */
  up(db: Kysely<any>, t: ColumnTypes): Promise<void>;
}

/** In order; never edit one that has shipped, add the next version instead. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    async up(db, t) {
      await db.schema
        .createTable("conveyor_meta")
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("value", "text", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("pipelines")
        .addColumn("digest", t.id, (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("ir", t.json, (c) => c.notNull())
        .addColumn("created_at", t.int64, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("runs")
        .addColumn("id", t.id, (c) => c.primaryKey())
        .addColumn("pipeline_digest", t.id, (c) => c.notNull().references("pipelines.digest"))
        .addColumn("pipeline_name", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("params", t.json, (c) => c.notNull())
        .addColumn("options", t.json, (c) => c.notNull())
        .addColumn("trigger", "text", (c) => c.notNull())
        .addColumn("cancel_requested", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("error", "text")
        .addColumn("lease_owner", "text")
        .addColumn("lease_expires_at", t.int64)
        .addColumn("created_at", t.int64, (c) => c.notNull())
        .addColumn("started_at", t.int64)
        .addColumn("ended_at", t.int64)
        .execute();
      await db.schema.createIndex("runs_by_pipeline").on("runs").columns(["pipeline_name", "id"]).execute();

      await db.schema
        .createTable("tasks")
        .addColumn("id", t.id, (c) => c.primaryKey())
        .addColumn("run_id", t.id, (c) => c.notNull().references("runs.id"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("node", "text", (c) => c.notNull())
        .addColumn("iteration", "integer")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("cache_key", "text")
        .addColumn("cache_key_parts", t.json)
        .addColumn("cached_from_task_id", t.id, (c) => c.references("tasks.id"))
        .addColumn("outputs", t.json)
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("not_before", t.int64)
        .addColumn("error", "text")
        .addColumn("created_at", t.int64, (c) => c.notNull())
        .addColumn("started_at", t.int64)
        .addColumn("ended_at", t.int64)
        .addUniqueConstraint("tasks_run_name", ["run_id", "name"])
        .execute();
      await db.schema.createIndex("tasks_by_cache_key").on("tasks").column("cache_key").execute();

      await db.schema
        .createTable("attempts")
        .addColumn("id", t.id, (c) => c.primaryKey())
        .addColumn("task_id", t.id, (c) => c.notNull().references("tasks.id"))
        .addColumn("number", "integer", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("error", "text")
        .addColumn("started_at", t.int64, (c) => c.notNull())
        .addColumn("ended_at", t.int64)
        .addUniqueConstraint("attempts_task_number", ["task_id", "number"])
        .execute();

      await db.schema
        .createTable("artifacts")
        .addColumn("id", t.id, (c) => c.primaryKey())
        .addColumn("digest", "text", (c) => c.notNull())
        .addColumn("uri", "text", (c) => c.notNull())
        .addColumn("size", t.int64, (c) => c.notNull())
        .addColumn("media_type", "text", (c) => c.notNull())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("metadata", t.json, (c) => c.notNull())
        .addColumn("metadata_digest", "text", (c) => c.notNull())
        .addColumn("created_at", t.int64, (c) => c.notNull())
        .addUniqueConstraint("artifacts_content", ["digest", "uri", "type", "media_type", "metadata_digest"])
        .execute();

      await db.schema
        .createTable("lineage")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("task_id", t.id, (c) => c.notNull().references("tasks.id"))
        .addColumn("attempt_id", t.id, (c) => c.references("attempts.id"))
        .addColumn("artifact_id", t.id, (c) => c.notNull().references("artifacts.id"))
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("created_at", t.int64, (c) => c.notNull())
        .execute();
      await db.schema.createIndex("lineage_by_task").on("lineage").column("task_id").execute();
      await db.schema.createIndex("lineage_by_artifact").on("lineage").column("artifact_id").execute();

      await db.schema
        .createTable("logs")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("attempt_id", t.id, (c) => c.notNull().references("attempts.id"))
        .addColumn("seq", "integer", (c) => c.notNull())
        .addColumn("time", t.int64, (c) => c.notNull())
        .addColumn("level", "text", (c) => c.notNull())
        .addColumn("stream", "text", (c) => c.notNull())
        .addColumn("message", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("logs_by_attempt").on("logs").columns(["attempt_id", "id"]).execute();

      await db.schema
        .createTable("metrics")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("run_id", t.id, (c) => c.notNull().references("runs.id"))
        .addColumn("task_id", t.id, (c) => c.references("tasks.id"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("value", t.float, (c) => c.notNull())
        .addColumn("step", t.int64)
        .addColumn("time", t.int64, (c) => c.notNull())
        .execute();
      await db.schema.createIndex("metrics_by_run").on("metrics").columns(["run_id", "id"]).execute();
    },
  },
  migration2,
  migration3,
  migration4,
  migration5,
  migration6,
  migration7,
  migration8,
  migration9,
  migration10,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
