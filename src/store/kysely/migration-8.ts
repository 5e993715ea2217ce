/**
 * Schema version 8: the index of the prediction log's Parquet segments (store/log-segment-types.ts).
 * A reader picks a window's files by deployment or model and time, so both have an index
 * ending in the segment's last time: the window's start bounds it, its end filters the rest.
 * `sources` lists the segments a compacted one replaced, until their files are removed.
 */
import type { Migration } from "./migrations.ts";

export const migration8: Migration = {
  version: 8,
  async up(db, t) {
    await db.schema
      .createTable("log_segments")
      .addColumn("id", t.serial, (c) => c.primaryKey())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("path", "text", (c) => c.notNull().unique())
      .addColumn("deployment", "text")
      .addColumn("model", "text")
      .addColumn("version", "integer")
      .addColumn("min_time", t.int64, (c) => c.notNull())
      .addColumn("max_time", t.int64, (c) => c.notNull())
      .addColumn("row_count", t.int64, (c) => c.notNull())
      .addColumn("size", t.int64, (c) => c.notNull())
      .addColumn("digest", "text", (c) => c.notNull())
      .addColumn("sources", t.json)
      .addColumn("created_at", t.int64, (c) => c.notNull())
      .execute();
    await db.schema.createIndex("log_segments_by_deployment").on("log_segments").columns(["kind", "deployment", "max_time"]).execute();
    await db.schema.createIndex("log_segments_by_model").on("log_segments").columns(["kind", "model", "version", "max_time"]).execute();
  },
};
