/**
 * What a failed request answers, in its protocol's own error shape: `{"error": "..."}` for Open
 * Inference and KServe V1, `{"error_code": "BAD_REQUEST", "message": "..."}` for MLflow's
 * `/invocations`. Bad input is a 4xx naming what was wrong; a 500 means a bug in Conveyor, and
 * its details stay in the server log, never in the response.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { isConveyorError } from "../errors.ts";
import type { ServeLog } from "./serve-log.ts";

/** Fastify's own 4xx errors, with what the client did. */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "this route takes JSON bodies (Content-Type: application/json)",
  FST_ERR_CTP_BODY_TOO_LARGE: "the body is larger than the server's limit; send fewer rows per request",
  FST_ERR_CTP_INVALID_JSON_BODY: "the body is not valid JSON",
  FST_ERR_CTP_EMPTY_JSON_BODY: "the body is empty; send a JSON object",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "the Content-Length header does not match the body",
};

export function errorStatus(error: unknown): { status: number; message: string } {
  if (isConveyorError(error)) return { status: error.code === "not_found" ? 404 : 400, message: error.message };
  const fastify = error as Partial<FastifyError>;
  const status = fastify.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const known = fastify.code && FASTIFY_MESSAGES[fastify.code];
    const message = known ?? (error instanceof SyntaxError ? `the body is not valid JSON: ${error.message}` : (fastify.message ?? "bad request"));
    return { status, message };
  }
  return { status: 500, message: "internal error: the server failed to answer; its log says why" };
}

export function errorHandler(log: ServeLog) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, message } = errorStatus(error);
    if (status >= 500) log.error({ err: error instanceof Error ? error.stack : String(error), url: request.url }, "request failed");
    sendError(request, reply, status, message);
  };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, status: number, message: string): void {
  const mlflow = request.url.startsWith("/invocations");
  reply.code(status).send(mlflow ? { error_code: status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST", message } : { error: message });
}
