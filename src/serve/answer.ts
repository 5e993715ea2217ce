/**
 * The part of every prediction route that is not its wire format: choose the version (the
 * endpoint's route, or the version the URL pins), decode the request against its signature, score,
 * then count the predicted classes, hand the request's rows to the prediction log, tell the endpoint how
 * it went, and send a shadow copy on after the answer.
 */
import { isConveyorError } from "../errors.ts";
import { badRequest, notServed } from "./bad-request.ts";
import type { Endpoint, EndpointRoute } from "./endpoint.ts";
import type { PredictionSink } from "./prediction-record.ts";
import type { RequestRows } from "./request-rows.ts";
import { type Scores, scoreRows } from "./score.ts";
import type { ServeLog } from "./serve-log.ts";
import type { ServedVersion } from "./served-version.ts";
import type { ChosenVersionLabels, ServerMetrics } from "./server-metrics.ts";

export interface AnswerContext {
  readonly metrics: ServerMetrics;
  readonly predictionLog: PredictionSink | undefined;
  readonly log: ServeLog;
}

export interface PredictionRequest<Body> {
  readonly endpoint: Endpoint;
  /** The version the URL names (`/versions/{v}`), else undefined: the endpoint chooses. */
  readonly pinned: number | undefined;
  readonly key: string | undefined;
  readonly requestId: string;
  /** The request as its protocol read it, for `decode`. */
  readonly body: Body;
  /** The request's rows against a version's signature; throws a bad request naming the problem. */
  readonly decode: (body: Body, version: ServedVersion) => RequestRows;
  readonly withProbabilities: boolean;
  /** Its `elapsedTime`: milliseconds since the request arrived (the Fastify reply). */
  readonly clock: { readonly elapsedTime: number };
  /** The request's metric labels, given the chosen version as soon as there is one; null when it is not counted. */
  readonly labels: ChosenVersionLabels | null;
}

export interface Answer {
  readonly version: ServedVersion;
  readonly count: number;
  readonly scores: Scores;
}

/**
 * The answer, at once when the version scores synchronously (a model trained here), so that the
 * route sends it with no promise in between; a promise for an ONNX model.
 */
export function answer<Body>(context: AnswerContext, request: PredictionRequest<Body>): Answer | Promise<Answer> {
  const { endpoint } = request;
  const { primary: version, shadow } = routeFor(endpoint, request.pinned, request.key);
  if (request.labels) request.labels.version = version.versionLabel;
  const rows = request.decode(request.body, version);
  if (rows.count === 0) throw badRequest("the request has no rows");
  const withProbabilities = request.withProbabilities || context.predictionLog !== undefined;
  let scores: Scores | Promise<Scores>;
  try {
    scores = scoreRows(version, rows, withProbabilities);
  } catch (error) {
    throw failed(request, version, error);
  }
  if (scores instanceof Promise) {
    return scores.then(
      (done) => answered(context, request, version, shadow, rows, done),
      (error: unknown) => {
        throw failed(request, version, error);
      },
    );
  }
  return answered(context, request, version, shadow, rows, scores);
}

/** Tells the endpoint a version failed to score; a ConveyorError is the request's data (a missing value no step fills): the version is fine. */
function failed<Body>(request: PredictionRequest<Body>, version: ServedVersion, error: unknown): unknown {
  request.endpoint.observe({ version, role: "primary", ok: isConveyorError(error), latencyMs: request.clock.elapsedTime });
  return error;
}

function answered<Body>(
  context: AnswerContext,
  request: PredictionRequest<Body>,
  version: ServedVersion,
  shadow: ServedVersion | undefined,
  rows: RequestRows,
  scores: Scores,
): Answer {
  const { endpoint } = request;
  if (version.classes) context.metrics.predicted(version.model, version.versionLabel, scores.predictions);
  const latencyMs = request.clock.elapsedTime;
  endpoint.observe({ version, role: "primary", ok: true, latencyMs });
  logRows(context, endpoint, version, "primary", request, rows, scores, latencyMs);
  if (shadow) setImmediate(shadowCopy, context, request, shadow);
  return { version, count: rows.count, scores };
}

async function shadowCopy<Body>(context: AnswerContext, request: PredictionRequest<Body>, version: ServedVersion): Promise<void> {
  const started = performance.now();
  try {
    const rows = request.decode(request.body, version);
    const scores = await scoreRows(version, rows, context.predictionLog !== undefined);
    request.endpoint.observe({ version, role: "shadow", ok: true, latencyMs: performance.now() - started });
    logRows(context, request.endpoint, version, "shadow", request, rows, scores, request.clock.elapsedTime);
  } catch (error) {
    request.endpoint.observe({ version, role: "shadow", ok: isConveyorError(error), latencyMs: performance.now() - started });
    context.log.error({ model: version.model, version: version.version, err: String(error) }, "the shadow version failed to score a request");
  }
}

function logRows<Body>(
  context: AnswerContext,
  endpoint: Endpoint,
  version: ServedVersion,
  role: "primary" | "shadow",
  request: PredictionRequest<Body>,
  rows: RequestRows,
  scores: Scores,
  latencyMs: number,
): void {
  context.predictionLog?.appendRows({
    requestId: request.requestId,
    time: new Date(),
    deployment: endpoint.deployment,
    model: version.model,
    version: version.version,
    role,
    latencyMs,
    count: rows.count,
    firstRow: 0,
    names: version.columnNames,
    columns: rows.columns,
    predictions: scores.predictions,
    probabilities: scores.probabilities?.data ?? null,
  });
}

/** The versions that answer: the one the URL pins (alone), else the endpoint's choice; a 404 naming what is missing. */
export function routeFor(endpoint: Endpoint, pinned: number | undefined, key: string | undefined): EndpointRoute {
  if (pinned !== undefined) {
    const version = endpoint.version(pinned);
    if (!version) {
      const loaded = endpoint.loaded().map((v) => v.version);
      throw notServed(`model "${endpoint.name}" has no version ${pinned} loaded; it serves ${loaded.length ? `version ${loaded.join(", ")}` : "no version yet"}`);
    }
    return { primary: version };
  }
  const route = endpoint.route({ key });
  if (!route) throw notServed(`model "${endpoint.name}" has no version loaded yet`);
  return route;
}
