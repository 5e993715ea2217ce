/** KServe V1: list models, a model's readiness, and `:predict`. */
import type { FastifyInstance } from "fastify";
import { answer } from "../answer.ts";
import { predictionsText } from "../json-text.ts";
import { v1Rows } from "../protocols/kserve-v1.ts";
import { endpointNamed, predictionRoute, type RouteContext, routingKey, sendAnswer, startPrediction } from "./route-context.ts";

export function kserveV1Routes(app: FastifyInstance, context: RouteContext): void {
  app.get("/v1/models", async () => ({ models: [...context.endpoints.keys()] }));
  app.get<{ Params: { model: string } }>("/v1/models/:model", async (request) => {
    const endpoint = endpointNamed(context, request.params.model);
    return { name: endpoint.name, ready: endpoint.route({ key: undefined }) !== undefined };
  });
  // The path is /v1/models/{model}:predict: the name is everything before the colon ("::" is Fastify's literal one).
  app.post<{ Params: { model: string } }>("/v1/models/:model(^[^:]+)::predict", predictionRoute("v1_predict"), (request, reply) => {
    const answered = answer(context, {
      endpoint: endpointNamed(context, request.params.model),
      pinned: undefined,
      key: routingKey(request),
      requestId: startPrediction(request, reply),
      body: request.body,
      decode: v1Rows,
      withProbabilities: false,
      clock: reply,
      labels: request.predictionLabels,
    });
    return sendAnswer(reply, answered, ({ scores }) => predictionsText(scores.predictions));
  });
}
