/**
 * Schema version 9: the scheduler's state. `trigger_state` holds what a trigger saw last (its
 * latest handled tick, its digest or watermark); `trigger_events` every event it saw, unique by
 * (trigger, key) so an event recorded twice is recorded once, with the claim that decides which
 * process starts its run and the run it started.
 */
import type { Migration } from "./migrations.ts";

export const migration9: Migration = {
  version: 9,
  async up(db, t) {
    await db.schema
      .createTable("trigger_state")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("last_tick", t.int64)
      .addColumn("watermark", t.json)
      .addColumn("updated_at", t.int64, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("trigger_events")
      .addColumn("id", t.id, (c) => c.primaryKey())
      .addColumn("trigger_name", "text", (c) => c.notNull())
      .addColumn("event_key", "text", (c) => c.notNull())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("payload", t.json, (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("claimed_by", "text")
      .addColumn("claim_expires_at", t.int64)
      .addColumn("run_id", t.id)
      .addColumn("reason", "text")
      .addColumn("created_at", t.int64, (c) => c.notNull())
      .addColumn("ended_at", t.int64)
      .addUniqueConstraint("trigger_events_key", ["trigger_name", "event_key"])
      .execute();
    await db.schema.createIndex("trigger_events_by_status").on("trigger_events").columns(["status", "id"]).execute();
  },
};
