/**
 * The latest value of each metric of each task of a run, kept in `run_latest_metrics` as
 * points are logged, so filtering and sorting thousands of runs by a metric is an index lookup
 * per run instead of a scan of the whole metric history.
 */
import type { Kysely, RawBuilder } from "kysely";
import { RUN_METRICS_TASK } from "../metric-key.ts";
import type { MetricPoint } from "../types.ts";
import { batches } from "./batches.ts";
import { sql } from "./runtime.ts";
import type { LatestMetricRow, Tables } from "./tables.ts";

/** "Latest" is the last logged, as `runs show` has it; call inside the transaction that logs the points. */
export async function updateLatestMetrics(db: Kysely<Tables>, points: readonly MetricPoint[]): Promise<void> {
  const taskIds = [...new Set(points.flatMap((p) => (p.taskId === null ? [] : [p.taskId])))];
  const taskNames = new Map<string, string>();
  for (const batch of batches(taskIds)) {
    for (const t of await db.selectFrom("tasks").select(["id", "name"]).where("id", "in", batch).execute()) taskNames.set(t.id, t.name);
  }
  // One row per run, task and name: Postgres refuses to update the same row twice in one statement.
  const last = new Map<string, LatestMetricRow>();
  for (const p of points) {
    const task = p.taskId === null ? RUN_METRICS_TASK : taskNames.get(p.taskId);
    // The metrics table's foreign key refuses the point too, and names the problem as the database sees it.
    if (task === undefined) continue;
    last.set(`${p.runId}\0${task}\0${p.name}`, { run_id: p.runId, task, name: p.name, value: p.value, step: p.step, time: p.time.getTime() });
  }
  for (const batch of batches([...last.values()])) {
    await db
      .insertInto("run_latest_metrics")
      .values(batch)
      .onConflict((oc) =>
        oc.columns(["run_id", "name", "task"]).doUpdateSet((eb) => ({
          value: eb.ref("excluded.value"),
          step: eb.ref("excluded.step"),
          time: eb.ref("excluded.time"),
        })),
      )
      .execute();
  }
}

/**
 * A cached task reuses another task's outputs, and its metrics describe them: it holds the
 * latest values its source holds (logged by it, or copied from its own source), under its own
 * name. Run in the transaction that records the tasks' sources; the SQLite transition compiles
 * it and runs it prepared.
 */
export function copySourceMetrics(runId: string, cachedTaskIds: readonly string[]): RawBuilder<unknown> {
  return sql`
    insert into run_latest_metrics (run_id, task, name, value, step, time)
    select c.run_id, c.name, m.name, m.value, m.step, m.time
    from tasks c
    join tasks s on s.id = c.cached_from_task_id
    join run_latest_metrics m on m.run_id = s.run_id and m.task = s.name
    where c.run_id = ${runId} and c.id in (${sql.join(cachedTaskIds)})
    on conflict (run_id, name, task) do update set value = excluded.value, step = excluded.step, time = excluded.time`;
}
