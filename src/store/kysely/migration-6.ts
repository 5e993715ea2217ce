/**
 * Schema version 6: a run's lease has an epoch, bumped by every take of the lease. A driver
 * writes only while the run's lease still has its owner and epoch, checked in the statement
 * that writes: a process that stalled past its lease and was taken over writes nothing more,
 * even when the same owner takes the run again.
 */
import type { Migration } from "./migrations.ts";

export const migration6: Migration = {
  version: 6,
  async up(db) {
    await db.schema.alterTable("runs").addColumn("lease_epoch", "integer", (c) => c.notNull().defaultTo(0)).execute();
  },
};
