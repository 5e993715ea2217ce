/** The Open Inference Protocol (KServe V2) REST routes: health, server and model metadata, inference. */
import type { FastifyInstance } from "fastify";
import { answer, routeFor } from "../answer.ts";
import type { Endpoint } from "../endpoint.ts";
import { inferResponseText, inferRows, modelMetadata, readInferRequest } from "../protocols/open-inference.ts";
import type { ServedVersion } from "../served-version.ts";
import { endpointNamed, predictionRoute, type RouteContext, routingKey, sendAnswer, startPrediction, versionParam } from "./route-context.ts";

interface ModelParams {
  model: string;
  version?: string;
}

export function openInferenceRoutes(app: FastifyInstance, context: RouteContext): void {
  app.get("/v2", async () => ({ name: "conveyor", version: context.version, extensions: [] }));
  app.get("/v2/health/live", async (_request, reply) => reply.code(200).send());
  app.get("/v2/health/ready", async (_request, reply) => {
    const ready = [...context.endpoints.values()].every((e) => e.route({ key: undefined }) !== undefined);
    return reply.code(ready ? 200 : 400).send();
  });

  const served = (params: ModelParams): { endpoint: Endpoint; version: ServedVersion } => {
    const endpoint = endpointNamed(context, params.model);
    return { endpoint, version: routeFor(endpoint, versionParam(endpoint, params.version), undefined).primary };
  };
  for (const base of ["/v2/models/:model", "/v2/models/:model/versions/:version"]) {
    app.get<{ Params: ModelParams }>(base, async (request) => {
      const { endpoint, version } = served(request.params);
      // The model's metadata lists every version loaded; a version's, that version.
      return modelMetadata(version, request.params.version === undefined ? endpoint.loaded().map((v) => v.version) : [version.version]);
    });
    app.get<{ Params: ModelParams }>(`${base}/ready`, async (request, reply) => {
      served(request.params);
      return reply.code(200).send();
    });
    app.post<{ Params: ModelParams }>(`${base}/infer`, predictionRoute("v2_infer"), (request, reply) => {
      const endpoint = endpointNamed(context, request.params.model);
      const requestId = startPrediction(request, reply, idOf(request.body));
      const pinned = versionParam(endpoint, request.params.version);
      const infer = readInferRequest(request.body);
      const answered = answer(context, {
        endpoint,
        pinned,
        key: routingKey(request),
        requestId,
        body: infer,
        decode: inferRows,
        withProbabilities: infer.outputs.includes("predict_proba"),
        clock: reply,
        labels: request.predictionLabels,
      });
      return sendAnswer(reply, answered, (done) => inferResponseText(infer, done));
    });
  }
}

/** The request's `id`, when it is a string, so that even a refused request carries it in X-Request-Id. */
function idOf(body: unknown): string | undefined {
  const id = (body as { id?: unknown } | null)?.id;
  return typeof id === "string" ? id : undefined;
}
