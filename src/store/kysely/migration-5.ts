/**
 * Schema version 5: the latest value of each metric is kept per task (`run_latest_metrics`
 * gains a `task` column, the task's name), so two tasks of a run that log the same name no
 * longer overwrite each other's value (see store/metric-key.ts). The new rows come from the
 * metric history: each task's last point of each name, a metric logged without a task under
 * "(run)", and a cached task with the latest values of its source task. A value the history no
 * longer holds (a cached task's whose source run was deleted) stays with the run's one
 * cached task that lost its source, or under "(run)" when there are several.
 */
import type { Kysely } from "kysely";
import { RUN_METRICS_TASK } from "../metric-key.ts";
import { sql } from "./runtime.ts";
import type { Migration } from "./migrations.ts";

export const migration5: Migration = {
  version: 5,
  async up(db, t) {
    await db.schema.alterTable("run_latest_metrics").renameTo("run_latest_metrics_v4").execute();
    await db.schema
      .createTable("run_latest_metrics")
      .addColumn("run_id", t.id, (c) => c.notNull().references("runs.id"))
      .addColumn("task", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("value", t.float, (c) => c.notNull())
      .addColumn("step", t.int64)
      .addColumn("time", t.int64, (c) => c.notNull())
      // Name before task: a run's value of a name (the sort's lookup, the ambiguity check) is a prefix of the key.
      .addPrimaryKeyConstraint("run_task_latest_metrics_pk", ["run_id", "name", "task"])
      .execute();
    const runTask = sql.lit(RUN_METRICS_TASK);
    await sql`insert into run_latest_metrics (run_id, task, name, value, step, time)
      select m.run_id, coalesce(t.name, ${runTask}), m.name, m.value, m.step, m.time
      from metrics m left join tasks t on t.id = m.task_id
      where m.id in (select max(id) from metrics group by run_id, task_id, name)`.execute(db);
    await copyCachedSources(db);
    await sql`insert into run_latest_metrics (run_id, task, name, value, step, time)
      select o.run_id,
        case when (select count(*) from tasks c where c.run_id = o.run_id and c.status = 'cached' and c.cached_from_task_id is null) = 1
          then (select c.name from tasks c where c.run_id = o.run_id and c.status = 'cached' and c.cached_from_task_id is null)
          else ${runTask} end,
        o.name, o.value, o.step, o.time
      from run_latest_metrics_v4 o
      where not exists (select 1 from run_latest_metrics n where n.run_id = o.run_id and n.name = o.name)`.execute(db);
    await db.schema.dropTable("run_latest_metrics_v4").execute();
    await db.schema.createIndex("run_latest_metrics_by_value").on("run_latest_metrics").columns(["name", "value"]).execute();
  },
};

/** A cache hit may reuse another hit's outputs: copied until a pass finds nothing more to copy. */
async function copyCachedSources(db: Kysely<any>): Promise<void> {
  for (;;) {
    const result = await sql`insert into run_latest_metrics (run_id, task, name, value, step, time)
      select c.run_id, c.name, m.name, m.value, m.step, m.time
      from tasks c
      join tasks s on s.id = c.cached_from_task_id
      join run_latest_metrics m on m.run_id = s.run_id and m.task = s.name
      where c.status = 'cached'
        and not exists (select 1 from run_latest_metrics e where e.run_id = c.run_id and e.task = c.name and e.name = m.name)`.execute(db);
    if (!result.numAffectedRows) return;
  }
}
