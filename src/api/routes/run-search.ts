/** Finding runs by what they recorded: search with the filter language, the best run by a metric, comparisons. */
import { compareRuns } from "../../inspect/run-compare.ts";
import { noBestRun } from "../../inspect/no-best-run.ts";
import { bestRun } from "../../tracking/best.ts";
import { type Api, API, type ApiContext } from "../context.ts";
import { runOrFail } from "../lookup.ts";
import { encodeOffset, linkWith, offsetOf, sendPage } from "../pagination.ts";
import { errorResponses } from "../schemas/common.ts";
import { BestQuery, Comparison, CompareQuery, RunSummary, SearchPage, SearchQuery } from "../schemas/tracking.ts";

export function runSearchRoutes(app: Api, { store }: ApiContext): void {
  app.get(
    `${API}/runs/search`,
    {
      schema: {
        summary: "Search runs by experiment, pipeline, status and a filter on metrics, params, tags and times; sorted as asked",
        description:
          "A malformed `where` or `sort` is a 400 whose message shows the expression with a caret under the column of the mistake. Pages are positions in the sorted result: runs created meanwhile may shift them.",
        tags: ["runs"],
        querystring: SearchQuery,
        response: { 200: SearchPage, ...errorResponses() },
      },
    },
    async (request, reply) => {
      const { experiment, pipeline, status, where, sort, limit, cursor } = request.query;
      const offset = offsetOf(cursor);
      const filter = { experiment, pipelineName: pipeline, status, where };
      // Searched first: a malformed sort is reported before the count runs.
      const items = await store.searchRuns({ ...filter, sort, limit, offset });
      const total = await store.countRuns(filter);
      const end = offset + items.length;
      return { ...sendPage(reply, items, end < total ? linkWith(request, { cursor: encodeOffset(end) }) : null), total };
    },
  );

  app.get(
    `${API}/runs/best`,
    {
      schema: {
        summary: "The run with the highest (min=1: lowest) latest value of a metric, among those of an experiment or matching a filter",
        tags: ["runs"],
        querystring: BestQuery,
        response: { 200: RunSummary, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { metric, experiment, where, min } = request.query;
      const best = await bestRun(store, metric, { experiment, where, minimize: min });
      if (!best) throw noBestRun(metric, { experiment, where });
      return best;
    },
  );

  app.get(
    `${API}/runs/compare`,
    {
      schema: {
        summary: "Runs side by side: each parameter and the latest value of each metric, one value per run, and which differ",
        tags: ["runs"],
        querystring: CompareQuery,
        response: { 200: Comparison, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const runs = [];
      for (const id of request.query.runs) runs.push(await runOrFail(store, id));
      return compareRuns(store, runs);
    },
  );
}
