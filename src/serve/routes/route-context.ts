import { randomUUID } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { AnswerContext } from "../answer.ts";
import { notServed } from "../bad-request.ts";
import type { Endpoint } from "../endpoint.ts";
import type { ServedVersion } from "../served-version.ts";
import type { RequestLabels } from "../server-metrics.ts";

/** What the routes share: the endpoints by URL name, and what answering needs. */
export interface RouteContext extends AnswerContext {
  readonly endpoints: ReadonlyMap<string, Endpoint>;
  readonly version: string;
}

/** A prediction request's metric labels, set by its route; requests without them are not counted. */
export const labelsOf = new WeakMap<FastifyRequest, { -readonly [K in keyof RequestLabels]: RequestLabels[K] }>();

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
}

/** Route options that mark a prediction route, counted in the request metrics under this route name. */
export const predictionRoute = (route: string) => ({ config: { prediction: route } });

/**
 * A prediction request's metric labels, set as it arrives, so that one refused before its handler
 * runs (a body too large, not JSON) is counted too. A model name that is not served is counted as
 * "", so that requests cannot make up label values without end.
 */
export function arrivingLabels(context: RouteContext, request: FastifyRequest): RequestLabels | undefined {
  const route = request.routeOptions.config.prediction;
  if (route === undefined) return undefined;
  const name = (request.params as { model?: string }).model ?? context.endpoints.keys().next().value;
  return { model: name !== undefined && context.endpoints.has(name) ? name : "", version: "", route };
}

/** A prediction request's id: the given one, the X-Request-Id header, or a new one; and the callback that labels its metrics with the chosen version. */
export function startPrediction(request: FastifyRequest, reply: FastifyReply, given?: string): { requestId: string; chosen: (v: ServedVersion) => void } {
  const header = request.headers["x-request-id"];
  const requestId = given ?? (typeof header === "string" && header !== "" ? header : randomUUID());
  reply.header("x-request-id", requestId);
  return {
    requestId,
    chosen: (version) => {
      const labels = labelsOf.get(request);
      if (labels) labels.version = String(version.version);
    },
  };
}

export function routingKey(request: FastifyRequest): string | undefined {
  const key = request.headers["x-request-key"];
  return typeof key === "string" ? key : undefined;
}
