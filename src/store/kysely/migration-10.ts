/**
 * Schema version 10: monitors. `monitors` holds each monitor's definition and the state that
 * makes judging exactly-once (last window, cursor, drift streak); `monitor_windows` one row per
 * window, unique by (monitor, seq); `monitor_alerts` the windows that raised an alert, by an
 * increasing id a reader follows; `monitor_metrics` each window's figures as metric history.
 */
import type { Migration } from "./migrations.ts";

export const migration10: Migration = {
  version: 10,
  async up(db, t) {
    await db.schema
      .createTable("monitors")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("deployment", "text")
      .addColumn("model", "text")
      .addColumn("definition", t.json, (c) => c.notNull())
      .addColumn("last_seq", "integer")
      .addColumn("cursor", t.json)
      .addColumn("streak", t.json)
      .addColumn("created_at", t.int64, (c) => c.notNull())
      .addColumn("updated_at", t.int64, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("monitor_windows")
      .addColumn("id", t.id, (c) => c.primaryKey())
      .addColumn("monitor", "text", (c) => c.notNull())
      .addColumn("seq", "integer", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("reason", "text")
      .addColumn("from_time", t.int64, (c) => c.notNull())
      .addColumn("to_time", t.int64, (c) => c.notNull())
      .addColumn("rows", t.int64, (c) => c.notNull())
      .addColumn("deployment", "text")
      .addColumn("model", "text", (c) => c.notNull())
      .addColumn("version", "integer")
      .addColumn("drifted", "integer", (c) => c.notNull())
      .addColumn("drift_share", t.float, (c) => c.notNull())
      .addColumn("drift_detected", "integer", (c) => c.notNull())
      .addColumn("streak", "integer", (c) => c.notNull())
      .addColumn("quality_passed", "integer")
      .addColumn("performance_dropped", "integer")
      .addColumn("report_artifact_id", t.id)
      .addColumn("html_artifact_id", t.id)
      .addColumn("created_at", t.int64, (c) => c.notNull())
      .addUniqueConstraint("monitor_windows_seq", ["monitor", "seq"])
      .execute();
    await db.schema.createIndex("monitor_windows_by_version").on("monitor_windows").columns(["model", "version"]).execute();

    await db.schema
      .createTable("monitor_alerts")
      .addColumn("id", t.serial, (c) => c.primaryKey())
      .addColumn("monitor", "text", (c) => c.notNull())
      .addColumn("window_id", t.id, (c) => c.notNull())
      .addColumn("seq", "integer", (c) => c.notNull())
      .addColumn("drift_detected", "integer", (c) => c.notNull())
      .addColumn("performance_dropped", "integer", (c) => c.notNull())
      .addColumn("created_at", t.int64, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("monitor_metrics")
      .addColumn("monitor", "text", (c) => c.notNull())
      .addColumn("seq", "integer", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("value", t.float, (c) => c.notNull())
      .addColumn("time", t.int64, (c) => c.notNull())
      .addPrimaryKeyConstraint("monitor_metrics_key", ["monitor", "name", "seq"])
      .execute();
  },
};
