/** Stored pipelines: the latest of each name, and one IR by its digest (what a form of its params is built from). */
import { z } from "zod";
import { ConveyorError } from "../../errors.ts";
import type { Json } from "../../json.ts";
import { type Api, API, type ApiContext } from "../context.ts";
import { linkWith, namePage, sendPage } from "../pagination.ts";
import { Cursor, errorResponses, Limit, page } from "../schemas/common.ts";
import { Pipeline, PipelineParams, PipelineSummary } from "../schemas/pipelines.ts";

const ListQuery = z.object({ limit: Limit, cursor: Cursor });

export function pipelineRoutes(app: Api, { store }: ApiContext): void {
  app.get(
    `${API}/pipelines`,
    {
      schema: {
        summary: "Stored pipelines by name (by code point), each the latest IR of that name",
        tags: ["pipelines"],
        querystring: ListQuery,
        response: { 200: page(PipelineSummary), ...errorResponses() },
      },
    },
    async (request, reply) => {
      const { items, cursor } = await namePage(request.query.limit, request.query.cursor, (window) => store.listPipelines(window));
      return sendPage(reply, items, cursor ? linkWith(request, { cursor }) : null);
    },
  );

  app.get(
    `${API}/pipelines/:digest`,
    {
      schema: {
        summary: "A stored pipeline and its IR",
        tags: ["pipelines"],
        params: PipelineParams,
        response: { 200: Pipeline, ...errorResponses(404) },
      },
    },
    async (request) => {
      const pipeline = await store.getPipeline(request.params.digest);
      if (!pipeline) {
        throw new ConveyorError(`pipeline "${request.params.digest}" was not found`, "list stored pipelines with GET /api/v1/pipelines", "not_found");
      }
      return { ...pipeline, ir: pipeline.ir as Record<string, Json> };
    },
  );
}
