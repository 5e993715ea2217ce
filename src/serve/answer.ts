/**
 * The part of every prediction route that is not its wire format: choose the version (the
 * endpoint's route, or the version the URL pins), decode the request against its signature, score,
 * then count the predicted classes, hand each row to the prediction log, tell the endpoint how
 * it went, and send a shadow copy on after the answer.
 */
import { isConveyorError } from "../errors.ts";
import type { Json } from "../json.ts";
import { badRequest, notServed } from "./bad-request.ts";
import type { Endpoint, EndpointRoute } from "./endpoint.ts";
import type { PredictionSink } from "./prediction-record.ts";
import type { RequestRows } from "./request-rows.ts";
import { type Scores, scoreRows } from "./score.ts";
import type { ServeLog } from "./serve-log.ts";
import type { ServedVersion } from "./served-version.ts";
import type { ServerMetrics } from "./server-metrics.ts";

export interface AnswerContext {
  readonly metrics: ServerMetrics;
  readonly predictionLog: PredictionSink | undefined;
  readonly log: ServeLog;
}

export interface PredictionRequest {
  readonly endpoint: Endpoint;
  /** The version the URL names (`/versions/{v}`), else undefined: the endpoint chooses. */
  readonly pinned: number | undefined;
  readonly key: string | undefined;
  readonly requestId: string;
  /** The request's rows against a version's signature; throws a bad request naming the problem. */
  readonly decode: (version: ServedVersion) => RequestRows;
  readonly withProbabilities: boolean;
  /** Milliseconds since the request arrived. */
  readonly elapsed: () => number;
  /** Told the version as soon as it is chosen, for the request's metric labels. */
  readonly chosen: (version: ServedVersion) => void;
}

export interface Answer {
  readonly version: ServedVersion;
  readonly count: number;
  readonly scores: Scores;
}

export async function answer(context: AnswerContext, request: PredictionRequest): Promise<Answer> {
  const { endpoint } = request;
  const { primary: version, shadow } = routeFor(endpoint, request.pinned, request.key);
  request.chosen(version);
  const rows = request.decode(version);
  if (rows.count === 0) throw badRequest("the request has no rows");
  let scores: Scores;
  try {
    scores = await scoreRows(version, rows, request.withProbabilities || context.predictionLog !== undefined);
  } catch (error) {
    // A ConveyorError is the request's data (a missing value no step fills): the version is fine.
    endpoint.observe({ version, role: "primary", ok: isConveyorError(error), latencyMs: request.elapsed() });
    throw error;
  }
  if (version.classes) context.metrics.predicted(version.model, String(version.version), scores.predictions);
  endpoint.observe({ version, role: "primary", ok: true, latencyMs: request.elapsed() });
  logRows(context, endpoint, version, "primary", request, rows, scores);
  if (shadow) {
    const copy = shadow;
    setImmediate(() => void shadowCopy(context, request, copy));
  }
  return { version, count: rows.count, scores };
}

async function shadowCopy(context: AnswerContext, request: PredictionRequest, version: ServedVersion): Promise<void> {
  const started = performance.now();
  try {
    const rows = request.decode(version);
    const scores = await scoreRows(version, rows, context.predictionLog !== undefined);
    request.endpoint.observe({ version, role: "shadow", ok: true, latencyMs: performance.now() - started });
    logRows(context, request.endpoint, version, "shadow", request, rows, scores);
  } catch (error) {
    request.endpoint.observe({ version, role: "shadow", ok: isConveyorError(error), latencyMs: performance.now() - started });
    context.log.error({ model: version.model, version: version.version, err: String(error) }, "the shadow version failed to score a request");
  }
}

function logRows(context: AnswerContext, endpoint: Endpoint, version: ServedVersion, role: "primary" | "shadow", request: PredictionRequest, rows: RequestRows, scores: Scores): void {
  const sink = context.predictionLog;
  if (!sink) return;
  const time = new Date();
  const latencyMs = request.elapsed();
  const proba = scores.probabilities;
  const columns = version.columns;
  for (let row = 0; row < rows.count; row++) {
    const features: Record<string, Json> = {};
    for (let c = 0; c < columns.length; c++) {
      const value = rows.columns[c]![row]!;
      features[columns[c]!.name] = typeof value === "number" && Number.isNaN(value) ? null : value;
    }
    sink.append({
      requestId: request.requestId,
      row,
      time,
      deployment: endpoint.deployment,
      model: version.model,
      version: version.version,
      role,
      features,
      prediction: scores.predictions[row]!,
      probabilities: proba ? Array.from(proba.data.subarray(row * proba.cols, (row + 1) * proba.cols)) : null,
      latencyMs,
    });
  }
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
