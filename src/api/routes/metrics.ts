/** Metrics of a run: every point logged, in the order logged, and the latest value of each. */
import type { MetadataStore, MetricPoint as MetricPointRecord } from "../../store/types.ts";
import { type Api, API, type ApiContext } from "../context.ts";
import { runOrFail, taskOrFail } from "../lookup.ts";
import { linkWith, sendPage, storePage } from "../pagination.ts";
import { errorResponses, page } from "../schemas/common.ts";
import { MetricPoint, MetricQuery } from "../schemas/metrics.ts";
import { RunParams } from "../schemas/runs.ts";
import { TaskMetrics } from "../schemas/tracking.ts";

/** The names of the tasks that logged `points`: a page names a few tasks of a run that may have thousands. */
async function taskNames(store: MetadataStore, points: MetricPointRecord[]): Promise<Map<string, string>> {
  const ids = [...new Set(points.flatMap((p) => (p.taskId === null ? [] : [p.taskId])))];
  const tasks = await Promise.all(ids.map((id) => store.getTask(id)));
  return new Map(tasks.flatMap((t) => (t ? [[t.id, t.name] as const] : [])));
}

export function metricRoutes(app: Api, { store }: ApiContext): void {
  app.get(
    `${API}/runs/:run/metrics`,
    {
      schema: {
        summary: "The full history of a run's metrics (every value with its step and time), optionally of one metric or task",
        tags: ["metrics"],
        params: RunParams,
        querystring: MetricQuery,
        response: { 200: page(MetricPoint), ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const { name, task: taskName, limit, cursor } = request.query;
      const run = await runOrFail(store, request.params.run);
      const task = taskName === undefined ? undefined : await taskOrFail(store, run, taskName);
      const filter = { name, taskId: task?.id };
      const page = await storePage(limit, cursor, (window) => store.listMetrics(run.id, filter, window));
      const names = await taskNames(store, page.items);
      const points = page.items.map((p) => ({ ...p, task: p.taskId === null ? null : (names.get(p.taskId) ?? null) }));
      return sendPage(reply, points, page.cursor ? linkWith(request, { cursor: page.cursor }) : null);
    },
  );

  app.get(
    `${API}/runs/:run/metrics/latest`,
    {
      schema: {
        summary: "The latest value of each metric of each task of a run (a cached task has its source's values)",
        tags: ["metrics"],
        params: RunParams,
        response: { 200: TaskMetrics, ...errorResponses(404, 409) },
      },
    },
    async (request) => store.latestMetrics((await runOrFail(store, request.params.run)).id),
  );
}
