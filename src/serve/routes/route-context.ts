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

/** Starts a prediction request's metrics and returns its id: the given one, the X-Request-Id header, or a new one. */
export function startPrediction(request: FastifyRequest, reply: FastifyReply, route: string, model: string, given?: string): { requestId: string; chosen: (v: ServedVersion) => void } {
  const labels = { model, version: "", route };
  labelsOf.set(request, labels);
  const header = request.headers["x-request-id"];
  const requestId = given ?? (typeof header === "string" && header !== "" ? header : randomUUID());
  reply.header("x-request-id", requestId);
  return {
    requestId,
    chosen: (version) => {
      labels.version = String(version.version);
    },
  };
}

export function routingKey(request: FastifyRequest): string | undefined {
  const key = request.headers["x-request-key"];
  return typeof key === "string" ? key : undefined;
}
