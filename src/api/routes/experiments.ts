/** Experiments: the groups runs are recorded in. */
import { z } from "zod";
import { type Api, API, type ApiContext } from "../context.ts";
import { experimentOrFail } from "../lookup.ts";
import { linkWith, namePage, sendPage } from "../pagination.ts";
import { Cursor, errorResponses, Limit, page } from "../schemas/common.ts";
import { Experiment, ExperimentParams, ExperimentSummary, NewExperiment } from "../schemas/tracking.ts";

export function experimentRoutes(app: Api, { store }: ApiContext): void {
  app.get(
    `${API}/experiments`,
    {
      schema: {
        summary: "Experiments by name (compared by code point), each with its number of runs and when its latest run was created",
        tags: ["experiments"],
        querystring: z.object({ limit: Limit, cursor: Cursor }),
        response: { 200: page(ExperimentSummary), ...errorResponses() },
      },
    },
    async (request, reply) => {
      const { items, cursor } = await namePage(request.query.limit, request.query.cursor, (window) => store.listExperiments(window));
      return sendPage(reply, items, cursor ? linkWith(request, { cursor }) : null);
    },
  );

  app.get(
    `${API}/experiments/:experiment`,
    {
      schema: {
        summary: "An experiment with its number of runs; its runs are at /api/v1/runs/search?experiment=<name>",
        tags: ["experiments"],
        params: ExperimentParams,
        response: { 200: ExperimentSummary, ...errorResponses(404) },
      },
    },
    async (request) => {
      const experiment = await experimentOrFail(store, request.params.experiment);
      const [runs, [latest]] = await Promise.all([
        store.countRuns({ experiment: experiment.name }),
        store.searchRuns({ experiment: experiment.name, sort: "-created", limit: 1 }),
      ]);
      return { ...experiment, runs, lastRunAt: latest?.createdAt ?? null };
    },
  );

  app.post(
    `${API}/experiments`,
    {
      schema: {
        summary: "Create an experiment (runs name it when they start); 409 when it exists",
        tags: ["experiments"],
        body: NewExperiment,
        response: { 201: Experiment, ...errorResponses(409, 413, 415) },
      },
    },
    async (request, reply) => {
      const experiment = await store.createExperiment(request.body.name, request.body.description ?? null);
      return reply.code(201).header("location", `${API}/experiments/${encodeURIComponent(experiment.name)}`).send(experiment);
    },
  );
}
