/**
 * MLflow's scoring server routes. `/invocations` names no model: it answers with the first model
 * the server was given, as an MLflow server serves its one model.
 */
import type { FastifyInstance } from "fastify";
import { answer } from "../answer.ts";
import { predictionsText } from "../json-text.ts";
import { mlflowCsvRows, mlflowJsonRows } from "../protocols/mlflow.ts";
import type { ServedVersion } from "../served-version.ts";
import { predictionRoute, type RouteContext, routingKey, sendAnswer, startPrediction } from "./route-context.ts";

export function mlflowRoutes(app: FastifyInstance, context: RouteContext): void {
  const [endpoint] = context.endpoints.values();
  const healthy = async () => "\n";
  app.get("/ping", healthy);
  app.get("/health", healthy);
  app.get("/version", async () => context.version);
  app.post("/invocations", predictionRoute("invocations"), (request, reply) => {
    const answered = answer(context, {
      endpoint: endpoint!,
      pinned: undefined,
      key: routingKey(request),
      requestId: startPrediction(request, reply),
      body: request.body,
      decode: mlflowRows,
      withProbabilities: false,
      clock: reply,
      labels: request.predictionLabels,
    });
    return sendAnswer(reply, answered, ({ scores }) => predictionsText(scores.predictions));
  });
}

/** A CSV body (text/csv, read as a string) or a JSON one. */
function mlflowRows(body: unknown, version: ServedVersion) {
  return typeof body === "string" ? mlflowCsvRows(body, version) : mlflowJsonRows(body, version);
}
