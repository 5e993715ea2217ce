/**
 * What a failed request answers. Bad input gets a 4xx naming what was wrong, never a 500. A
 * storage failure on the server (a full disk, a folder it may not write) is a 5xx naming it; any
 * other 500 means a bug in Conveyor, and is the only answer whose details stay in the server log.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { type ConveyorError, isConveyorError } from "../errors.ts";
import { projectRelative } from "../store/project-paths.ts";

/** ConveyorError codes that are not a malformed request (400). */
const STATUS_BY_CODE: Record<string, number> = {
  // The server's own storage failed: not the client's fault. A full disk is HTTP's "Insufficient
  // Storage" (RFC 4918); a folder the server may not write has no status of its own. Both are
  // the operator's to fix, so the message names the file and what to do, unlike a bug's 500.
  disk_full: 507,
  not_writable: 500,
  not_found: 404,
  // The request was well formed, but the state of what it names does not allow it.
  ambiguous_id: 409,
  run_finished: 409,
  corrupt_artifact: 409,
  unsupported_uri: 409,
  unreadable_dataset: 409,
  exists: 409,
  duplicate_version: 409,
  in_use: 409,
  no_rollback: 409,
  run_active: 409,
  // A rerun of a run with no stored pipeline, or whose input files changed since.
  not_rerunnable: 409,
  input_changed: 409,
  duplicate_deployment: 409,
  same_version: 409,
  no_candidate: 409,
  conflict: 409,
};

/** Fastify's own 4xx errors, under names that say what the client did. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "invalid_json",
  FST_ERR_CTP_EMPTY_JSON_BODY: "invalid_json",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported_media_type",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "invalid_content_length",
};

interface ErrorBody {
  code: string;
  message: string;
  hint?: string;
}

/** "querystring: limit: Too big: ..." — the part of the request, the field, and the rule it broke. */
function validationMessage(error: FastifyError): string {
  const issues = (error.validation ?? []).map((issue) => {
    const field = issue.instancePath.split("/").filter(Boolean).join(".");
    return field ? `${field}: ${issue.message}` : (issue.message ?? "invalid");
  });
  return `invalid ${error.validationContext ?? "request"}: ${issues.join("; ")}`;
}

/** Paths in the message and hint are shown relative to the project. */
function fromConveyorError(error: ConveyorError, roots: readonly string[]): [number, ErrorBody] {
  const body: ErrorBody = { code: error.code, message: projectRelative(error.message, roots) };
  if (error.hint) body.hint = projectRelative(error.hint, roots);
  return [STATUS_BY_CODE[error.code] ?? 400, body];
}

/** The error handler of a server over the project at `roots` (see projectRoots). */
export const errorHandler = (roots: readonly string[]) => (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
  let status: number;
  let body: ErrorBody;
  if (hasZodFastifySchemaValidationErrors(error)) {
    [status, body] = [400, { code: "invalid_request", message: validationMessage(error) }];
  } else if (isConveyorError(error)) {
    [status, body] = fromConveyorError(error, roots);
  } else if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
    const limit = request.routeOptions.bodyLimit;
    [status, body] = [413, { code: "body_too_large", message: `the request body is larger than this server accepts (${limit} bytes)` }];
  } else if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    [status, body] = [error.statusCode, { code: FASTIFY_CODES[error.code] ?? "bad_request", message: error.message }];
  } else {
    request.log.error({ err: error }, "internal error (a bug in Conveyor)");
    [status, body] = [500, { code: "internal_error", message: "internal error (a bug in Conveyor); the server log has the details" }];
  }
  // A stream that failed after its headers went out can only be cut short.
  if (reply.sent || reply.raw.headersSent) return;
  void reply.code(status).type("application/json").send(body);
};

export function handleNotFound(request: FastifyRequest, reply: FastifyReply): void {
  void reply.code(404).send({ code: "route_not_found", message: `no route ${request.method} ${request.url.split("?")[0]}` });
}
