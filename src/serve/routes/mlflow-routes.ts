/**
 * MLflow's scoring server routes. `/invocations` names no model: it answers with the first model
 * the server was given, as an MLflow server serves its one model.
 */
import type { FastifyInstance } from "fastify";
import { answer } from "../answer.ts";
import { mlflowCsvRows, mlflowJsonRows } from "../protocols/mlflow.ts";
import { type RouteContext, routingKey, startPrediction } from "./route-context.ts";

export function mlflowRoutes(app: FastifyInstance, context: RouteContext): void {
  const [endpoint] = context.endpoints.values();
  const healthy = async () => "\n";
  app.get("/ping", healthy);
  app.get("/health", healthy);
  app.get("/version", async () => context.version);
  app.post("/invocations", async (request, reply) => {
    const { requestId, chosen } = startPrediction(request, reply, "invocations", endpoint!.name);
    const body = request.body;
    const { scores } = await answer(context, {
      endpoint: endpoint!,
      pinned: undefined,
      key: routingKey(request),
      requestId,
      decode: (version) => (typeof body === "string" ? mlflowCsvRows(body, version) : mlflowJsonRows(body, version)),
      withProbabilities: false,
      elapsed: () => reply.elapsedTime,
      chosen,
    });
    return { predictions: scores.predictions };
  });
}
