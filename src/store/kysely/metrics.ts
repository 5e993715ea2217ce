import { ConveyorError } from "../../errors.ts";
import { setMetric, type TaskMetrics } from "../metric-key.ts";
import type { TrackingStore } from "../tracking-types.ts";
import type { ListWindow, MetadataStore, MetricFilter, MetricPoint } from "../types.ts";
import { batches } from "./batches.ts";
import type { StoreContext } from "./context.ts";
import { updateLatestMetrics } from "./latest-metrics.ts";
import { inWindow } from "./list-window.ts";
import { toMetricPoint } from "./rows.ts";

export function metricQueries({
  db,
}: StoreContext): Pick<MetadataStore, "logMetrics" | "listMetrics"> & Pick<TrackingStore, "latestMetrics" | "metricHistory"> {
  async function metricPoints(runId: string, { name, taskId }: MetricFilter = {}, window?: ListWindow): Promise<MetricPoint[]> {
    let points = db.selectFrom("metrics").selectAll().where("run_id", "=", runId);
    if (name !== undefined) points = points.where("name", "=", name);
    if (taskId !== undefined) points = points.where("task_id", "=", taskId);
    const rows = await inWindow(points.orderBy("id"), window).execute();
    return rows.map(toMetricPoint);
  }

  return {
    async logMetrics(points) {
      // SQLite would store NaN as NULL and Postgres keeps it: refuse it so both backends agree.
      const bad = points.find((p) => !Number.isFinite(p.value));
      if (bad) {
        throw new ConveyorError(
          `metric "${bad.name}" of run ${bad.runId}${bad.taskId ? ` (task ${bad.taskId})` : ""} is ${bad.value}; metrics must be finite numbers`,
          "check the computation that produced it (a division by zero or a diverging loss), or do not log it",
          "invalid_metric",
        );
      }
      if (points.length === 0) return;
      const rows = points.map((p) => ({
        run_id: p.runId,
        task_id: p.taskId,
        name: p.name,
        value: p.value,
        step: p.step,
        time: p.time.getTime(),
      }));
      await db.transaction().execute(async (trx) => {
        for (const batch of batches(rows)) await trx.insertInto("metrics").values(batch).execute();
        await updateLatestMetrics(trx, points);
      });
    },

    listMetrics: (runId, filter, window) => metricPoints(runId, filter, window),

    metricHistory: (runId, name) => metricPoints(runId, { name }),

    async latestMetrics(runId) {
      const rows = await db
        .selectFrom("run_latest_metrics")
        .select(["task", "name", "value"])
        .where("run_id", "=", runId)
        .orderBy("task")
        .orderBy("name")
        .execute();
      const metrics: TaskMetrics = {};
      for (const r of rows) setMetric(metrics, r.task, r.name, r.value);
      return metrics;
    },
  };
}
