/**
 * The latest value of each metric of a run, kept in `run_latest_metrics` as points are logged,
 * so filtering and sorting thousands of runs by a metric is an index lookup per run instead
 * of a scan of the whole metric history.
 */
import type { Kysely } from "kysely";
import { sql } from "./runtime.ts";
import type { MetricPoint } from "../types.ts";
import { batches } from "./batches.ts";
import type { LatestMetricRow, Tables } from "./tables.ts";

/** "Latest" is the last logged, as `runs show` has it; call inside the transaction that logs the points. */
export async function updateLatestMetrics(db: Kysely<Tables>, points: readonly MetricPoint[]): Promise<void> {
  // One row per run and name: Postgres refuses to update the same row twice in one statement.
  const last = new Map<string, LatestMetricRow>();
  for (const p of points) {
    last.set(`${p.runId}\0${p.name}`, { run_id: p.runId, name: p.name, value: p.value, step: p.step, time: p.time.getTime() });
  }
  for (const batch of batches([...last.values()])) {
    await db
      .insertInto("run_latest_metrics")
      .values(batch)
      .onConflict((oc) =>
        oc.columns(["run_id", "name"]).doUpdateSet((eb) => ({
          value: eb.ref("excluded.value"),
          step: eb.ref("excluded.step"),
          time: eb.ref("excluded.time"),
        })),
      )
      .execute();
  }
}

/**
 * A cached task reuses another task's outputs, and its metrics describe them: the run that
 * holds the cached task counts them among its latest values, so it is found by them too.
 */
export async function copyLatestMetrics(db: Kysely<Tables>, runId: string, sourceTaskIds: readonly string[]): Promise<void> {
  if (sourceTaskIds.length === 0) return;
  await sql`
    insert into run_latest_metrics (run_id, name, value, step, time)
    select ${runId}, name, value, step, time from metrics
    where id in (select max(id) from metrics where task_id in (${sql.join(sourceTaskIds)}) group by name)
    on conflict (run_id, name) do update set value = excluded.value, step = excluded.step, time = excluded.time`.execute(db);
}
