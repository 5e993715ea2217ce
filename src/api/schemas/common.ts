/** Schemas every route shares: errors, JSON values, pagination. */
import { z } from "zod";
import type { Json } from "../../json.ts";

/**
 * Any JSON value (parameters, outputs, metadata), typed as the store's `Json` so records pass
 * as they are. Named, so the OpenAPI document refers to it, recursion included, as one component.
 */
export const JsonValue: z.ZodType<Json> = z
  .lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValue), z.record(z.string(), JsonValue)]))
  .meta({ id: "JsonValue", description: "any JSON value" });
export const JsonObject = z.record(z.string(), JsonValue);

/**
 * A time: a Date in the server, an ISO 8601 string on the wire, and a Date again where a
 * client decodes the answer with the same schema (src/client does).
 */
export const Time = z.codec(z.iso.datetime(), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});
export const MaybeTime = Time.nullable();

export const ErrorBody = z
  .object({
    code: z.string().meta({ description: 'machine-readable kind, e.g. "not_found", "invalid_request"' }),
    message: z.string().meta({ description: "what was wrong, naming it" }),
    hint: z.string().optional().meta({ description: "what to do about it" }),
  })
  .meta({ id: "Error" });

/**
 * Error responses a route documents. Every route can answer 400 (a bad parameter), 401 (a
 * missing or wrong token) and 500 (a bug); `extra` adds the ones particular to it.
 */
export function errorResponses<const S extends readonly (404 | 409 | 413 | 415)[]>(...extra: S) {
  const codes = [400, 401, 500, ...extra] as const;
  return Object.fromEntries(codes.map((c) => [c, ErrorBody])) as Record<400 | 401 | 500 | S[number], typeof ErrorBody>;
}

export const Limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(1000)
  .default(50)
  .meta({ description: "the most items in one page (1 to 1000)" });

export const Cursor = z
  .string()
  .min(1)
  .optional()
  .meta({ description: "where the page starts: the `next` link of the previous page carries it" });

/** A page of a list, newest or oldest first as the route says, with the link to the next one. */
export function page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    next: z.string().nullable().meta({ description: "URL of the next page, or null on the last one" }),
  });
}

/** A yes-or-no query parameter: 1 or true, 0 or false (the default). */
export function flag(description: string) {
  return z
    .enum(["0", "1", "true", "false"])
    .optional()
    .transform((v) => v === "1" || v === "true")
    .meta({ description });
}

/** `?follow=1`: keep the response open and stream new items until the run ends. */
export const Follow = flag("1 to stream (SSE for Accept: text/event-stream, NDJSON otherwise) until the run ends");

/** `?dryRun=1` on a DELETE: the same answer, and nothing deleted. */
export const DeleteQuery = z.object({ dryRun: flag("1: answer what would be deleted, and delete nothing") });

/** Who makes a change and why, for an audit trail (aliases, deployments). */
export const Actor = z
  .string()
  .min(1)
  .max(200)
  .optional()
  .meta({ description: 'who makes the change, for the audit trail; else the X-Conveyor-Actor header, else "api"' });
export const Reason = z.string().max(2000).nullable().optional().meta({ description: "why, for the audit trail" });
