/** What a run recorded beyond its tasks: tags, the code and environment it ran with, and all of it together. */
import { runDetails } from "../../inspect/run-summary.ts";
import { type Api, API, type ApiContext } from "../context.ts";
import { runOrFail } from "../lookup.ts";
import { errorResponses } from "../schemas/common.ts";
import { RunParams } from "../schemas/runs.ts";
import { RunContextBody, RunDetails, RunTags } from "../schemas/tracking.ts";

export function runTrackingRoutes(app: Api, { store }: ApiContext): void {
  app.get(
    `${API}/runs/:run/tags`,
    {
      schema: { summary: "A run's tags", tags: ["runs"], params: RunParams, response: { 200: RunTags, ...errorResponses(404, 409) } },
    },
    async (request) => store.getRunTags((await runOrFail(store, request.params.run)).id),
  );

  app.get(
    `${API}/runs/:run/context`,
    {
      schema: {
        summary: "The code version (git commit, dirty flag) and environment (Node, Conveyor, packages) a run ran with",
        tags: ["runs"],
        params: RunParams,
        response: { 200: RunContextBody, ...errorResponses(404, 409) },
      },
    },
    async (request) => ({ context: (await store.getRunContext((await runOrFail(store, request.params.run)).id)) ?? null }),
  );

  app.get(
    `${API}/runs/:run/details`,
    {
      schema: {
        summary: "A run as `conveyor runs show` shows it: tasks, latest metrics by task, cache sources, tags, context and input data",
        tags: ["runs"],
        params: RunParams,
        response: { 200: RunDetails, ...errorResponses(404, 409) },
      },
    },
    async (request) => runDetails(store, await runOrFail(store, request.params.run)),
  );
}
