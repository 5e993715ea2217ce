import { randomUUID } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Answer, AnswerContext } from "../answer.ts";
import { notServed } from "../bad-request.ts";
import type { Endpoint } from "../endpoint.ts";
import { JSON_CONTENT_TYPE } from "../json-text.ts";
import type { ChosenVersionLabels } from "../server-metrics.ts";

/** What the routes share: the endpoints by URL name, and what answering needs. */
export interface RouteContext extends AnswerContext {
  readonly endpoints: ReadonlyMap<string, Endpoint>;
  readonly version: string;
}

export function endpointNamed(context: RouteContext, name: string): Endpoint {
  const endpoint = context.endpoints.get(name);
  if (!endpoint) throw notServed(`no model "${name}" is served here; it serves ${[...context.endpoints.keys()].map((n) => `"${n}"`).join(", ")}`);
  return endpoint;
}

/** `/versions/{v}`: a version number, or a 404 naming it. */
export function versionParam(endpoint: Endpoint, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(text)) throw notServed(`model "${endpoint.name}" has no version "${text}"; versions are numbers from 1`);
  return Number(text);
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** A prediction route's name in the request metrics (`v2_infer`, `v1_predict`, `invocations`). */
    prediction?: string;
  }
  interface FastifyRequest {
    /** A prediction request's metric labels, set as it arrives (see arrivingLabels); null for other requests, which are not counted. */
    predictionLabels: ChosenVersionLabels | null;
  }
}

/** Route options that mark a prediction route, counted in the request metrics under this route name. */
export const predictionRoute = (route: string) => ({ config: { prediction: route } });

/**
 * A prediction request's metric labels, set as it arrives, so that one refused before its handler
 * runs (a body too large, not JSON) is counted too. A model name that is not served is counted as
 * "", so that requests cannot make up label values without end.
 */
export function arrivingLabels(context: RouteContext, request: FastifyRequest): ChosenVersionLabels | null {
  const route = request.routeOptions.config.prediction;
  if (route === undefined) return null;
  const name = (request.params as { model?: string }).model ?? context.endpoints.keys().next().value;
  return { model: name !== undefined && context.endpoints.has(name) ? name : "", version: "", route };
}

/**
 * A prediction request's id: the given one, the X-Request-Id header, or a new one; answered in
 * the X-Request-Id header too, unless it holds characters a header cannot carry (a request `id`
 * is any JSON string), in which case only the body echoes it.
 */
export function startPrediction(request: FastifyRequest, reply: FastifyReply, given?: string): string {
  const header = request.headers["x-request-id"];
  const requestId = given ?? (typeof header === "string" && header !== "" ? header : randomUUID());
  if (given === undefined || HEADER_VALUE.test(given)) reply.header("x-request-id", requestId);
  return requestId;
}

/** What Node's HTTP server accepts in a header value. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export function routingKey(request: FastifyRequest): string | undefined {
  const key = request.headers["x-request-key"];
  return typeof key === "string" ? key : undefined;
}

/**
 * Sends an answer as the JSON text `text` makes of it: at once when `answer` gave it synchronously
 * (the handler then returns nothing), else when its promise settles (the handler returns that promise).
 */
export function sendAnswer(reply: FastifyReply, answered: Answer | Promise<Answer>, text: (answer: Answer) => string): Promise<string> | undefined {
  reply.type(JSON_CONTENT_TYPE);
  if (answered instanceof Promise) return answered.then(text);
  reply.send(text(answered));
  return undefined;
}
