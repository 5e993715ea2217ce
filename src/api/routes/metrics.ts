/** Metrics of a run: every point logged, in the order logged, and the latest value of each. */
import { type Api, API, type ApiContext } from "../context.ts";
import { runOrFail, taskOrFail } from "../lookup.ts";
import { linkWith, sendPage, slicePage } from "../pagination.ts";
import { errorResponses, page } from "../schemas/common.ts";
import { MetricPoint, MetricQuery } from "../schemas/metrics.ts";
import { RunParams } from "../schemas/runs.ts";
import { TaskMetrics } from "../schemas/tracking.ts";

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
      const names = new Map((await store.listTasks(run.id)).map((t) => [t.id, t.name]));
      // One metric's history is selected in SQL: a long training loop logs many other points.
      const stored = name === undefined ? await store.listMetrics(run.id) : await store.metricHistory(run.id, name);
      const points = stored
        .filter((p) => task === undefined || p.taskId === task.id)
        .map((p) => ({ ...p, task: p.taskId === null ? null : (names.get(p.taskId) ?? null) }));
      const slice = slicePage(points, limit, cursor);
      return sendPage(reply, slice.items, slice.cursor ? linkWith(request, { cursor: slice.cursor }) : null);
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
