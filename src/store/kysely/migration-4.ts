/**
 * Schema version 4: a change number per run. Every change of a run or of its tasks takes the
 * run's next number (the run row's lock orders them on PostgreSQL) and stamps the rows it
 * changes with it, so a follower reads only the tasks changed since the number it last saw
 * instead of every task of the run on every poll. No index on (run_id, seq): it would move
 * on every task update, the engine's hottest write; a follower's poll finds the run's tasks
 * by the (run_id, name) index and tests their numbers in SQLite or PostgreSQL, not in Node.
 */
import type { Migration } from "./migrations.ts";

export const migration4: Migration = {
  version: 4,
  async up(db) {
    await db.schema.alterTable("runs").addColumn("seq", "integer", (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable("tasks").addColumn("seq", "integer", (c) => c.notNull().defaultTo(0)).execute();
  },
};
