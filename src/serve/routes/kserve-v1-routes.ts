/** KServe V1: list models, a model's readiness, and `:predict`. */
import type { FastifyInstance } from "fastify";
import { answer } from "../answer.ts";
import { v1Rows } from "../protocols/kserve-v1.ts";
import { endpointNamed, type RouteContext, routingKey, startPrediction } from "./route-context.ts";

export function kserveV1Routes(app: FastifyInstance, context: RouteContext): void {
  app.get("/v1/models", async () => ({ models: [...context.endpoints.keys()] }));
  app.get<{ Params: { model: string } }>("/v1/models/:model", async (request) => {
    const endpoint = endpointNamed(context, request.params.model);
    return { name: endpoint.name, ready: endpoint.route({ key: undefined }) !== undefined };
  });
  // The path is /v1/models/{model}:predict: the name is everything before the colon ("::" is Fastify's literal one).
  app.post<{ Params: { model: string } }>("/v1/models/:model(^[^:]+)::predict", async (request, reply) => {
    const endpoint = endpointNamed(context, request.params.model);
    const { requestId, chosen } = startPrediction(request, reply, "v1_predict", endpoint.name);
    const { scores } = await answer(context, {
      endpoint,
      pinned: undefined,
      key: routingKey(request),
      requestId,
      decode: (version) => v1Rows(request.body, version),
      withProbabilities: false,
      elapsed: () => reply.elapsedTime,
      chosen,
    });
    return { predictions: scores.predictions };
  });
}
