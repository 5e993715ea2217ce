/**
 * The model server: Fastify answering the Open Inference Protocol (KServe V2), KServe V1 and
 * MLflow's scoring protocol for the models it is given, with Prometheus metrics at /metrics.
 *
 *   const server = await createModelServer({ models: ["models:/churn@champion"], source: { store, artifacts } });
 *   const url = await server.listen({ port: 8080 });
 *   // POST {url}/v2/models/churn/infer
 *   await server.close();
 */
import Fastify, { type FastifyInstance } from "fastify";
import { ConveyorError } from "../errors.ts";
import type { Endpoint } from "./endpoint.ts";
import { errorHandler, sendError } from "./error-reply.ts";
import { modelRefEndpoint } from "./model-ref-endpoint.ts";
import type { FeedbackLog } from "./prediction-log/feedback-log.ts";
import { feedbackRoutes } from "./prediction-log/feedback-route.ts";
import { registerLogMetrics } from "./prediction-log/log-metrics.ts";
import { PredictionLog } from "./prediction-log/prediction-log.ts";
import type { PredictionSink } from "./prediction-record.ts";
import { type FeatureService, featureServiceHook } from "./feature-service.ts";
import { kserveV1Routes } from "./routes/kserve-v1-routes.ts";
import { mlflowRoutes } from "./routes/mlflow-routes.ts";
import { openInferenceRoutes } from "./routes/open-inference-routes.ts";
import { arrivingLabels, type RouteContext } from "./routes/route-context.ts";
import { type ServeLog, silentLog } from "./serve-log.ts";
import { ServerMetrics } from "./server-metrics.ts";
import type { ModelSource } from "./version-loader.ts";

export interface ModelServerOptions {
  /** Model references to serve (`models:/churn@champion`, `models:/churn/3`), loaded from `source`; an alias is followed. */
  readonly models?: readonly string[];
  /** Where `models` are loaded from: the metadata store and the artifact store. */
  readonly source?: ModelSource;
  /** Endpoints built elsewhere (a deployment's), served beside `models`. */
  readonly endpoints?: readonly Endpoint[];
  /** How often an alias is looked up, in milliseconds; 1000 by default. */
  readonly pollMs?: number;
  /**
   * Gets every answered row, without the answer waiting for it (a PredictionLog, whose row
   * counts /metrics then shows). The caller closes it, after the server.
   */
  readonly predictionLog?: PredictionSink;
  /** Takes the labels posted to `POST /v2/feedback`; without it, that route is not there. The caller closes it, after the server. */
  readonly feedbackLog?: FeedbackLog;
  /** The largest request body, in bytes; larger ones get 413. 4 MiB by default. */
  readonly bodyLimit?: number;
  /** Alias moves, refused versions and internal errors; nothing by default. */
  readonly log?: ServeLog;
  /** Feature views whose online values fill each request's rows from its entity keys (see feature-service.ts). */
  readonly features?: FeatureService;
}

export interface ModelServer {
  readonly app: FastifyInstance;
  readonly metrics: ServerMetrics;
  /** What answers each model name in URLs. */
  readonly endpoints: readonly Endpoint[];
  /** Starts listening (port 0 picks a free one); resolves to the server's URL. */
  listen(options: { port?: number; host?: string }): Promise<string>;
  /** Stops listening and following aliases. */
  close(): Promise<void>;
}

const VERSION = "0.1.0";
const MiB = 1024 * 1024;

export async function createModelServer(options: ModelServerOptions): Promise<ModelServer> {
  const log = options.log ?? silentLog;
  const endpoints = [...(options.endpoints ?? [])];
  if (options.models?.length) {
    const source = options.source;
    if (!source) throw new ConveyorError("createModelServer was given models but no source to load them from", "pass source: { store, artifacts }", "invalid_option");
    try {
      for (const reference of options.models) endpoints.push(await modelRefEndpoint({ ...source, reference, pollMs: options.pollMs, log }));
    } catch (error) {
      // Those already loaded stop following their aliases: the server will not start.
      await Promise.all(endpoints.map((e) => e.close()));
      throw error;
    }
  }
  if (endpoints.length === 0) throw new ConveyorError("no model to serve", "give at least one model reference, e.g. models:/churn@champion", "invalid_option");
  const byName = new Map<string, Endpoint>();
  for (const endpoint of endpoints) {
    if (byName.has(endpoint.name)) {
      await Promise.all(endpoints.map((e) => e.close()));
      throw new ConveyorError(`model "${endpoint.name}" is given twice`, "serve each model once: its URL is /v2/models/<name>", "invalid_option");
    }
    byName.set(endpoint.name, endpoint);
  }

  const metrics = new ServerMetrics();
  const predictions = options.predictionLog instanceof PredictionLog ? options.predictionLog : undefined;
  if (predictions || options.feedbackLog) registerLogMetrics(metrics.registry, { predictions, labels: options.feedbackLog });
  const context: RouteContext = { endpoints: byName, version: VERSION, metrics, predictionLog: options.predictionLog, log };
  const app = Fastify({ bodyLimit: options.bodyLimit ?? 4 * MiB });
  app.removeContentTypeParser("text/plain");
  app.addContentTypeParser("text/csv", { parseAs: "string" }, (request, body, done) => {
    if (request.url.startsWith("/invocations")) return done(null, body);
    done(Object.assign(new Error(`${request.url} takes JSON bodies; CSV is read by /invocations`), { statusCode: 415 }), undefined);
  });
  app.setErrorHandler(errorHandler(log));
  app.setNotFoundHandler((request, reply) => sendError(request, reply, 404, `no route ${request.method} ${request.url.split("?")[0]}`));
  app.decorateRequest("predictionLabels", null);
  // Callback hooks, not async ones: no promise per request for a synchronous update.
  app.addHook("onRequest", (request, _reply, done) => {
    request.predictionLabels = arrivingLabels(context, request);
    done();
  });
  app.addHook("onResponse", (request, reply, done) => {
    const labels = request.predictionLabels;
    if (labels) metrics.request(labels, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  if (options.features) featureServiceHook(app, options.features);
  openInferenceRoutes(app, context);
  kserveV1Routes(app, context);
  mlflowRoutes(app, context);
  if (options.feedbackLog) await app.register(feedbackRoutes(options.feedbackLog));
  app.get("/metrics", async (_request, reply) => reply.type(metrics.contentType).send(await metrics.text()));
  app.addHook("onClose", async () => {
    await Promise.all(endpoints.map((e) => e.close()));
  });

  return {
    app,
    metrics,
    endpoints,
    listen: (listen) => app.listen({ port: listen.port ?? 8080, host: listen.host ?? "127.0.0.1" }),
    close: () => app.close(),
  };
}
