/**
 * Refuses text holding a NUL character anywhere in a request's path, query or body: Postgres
 * cannot store one (SQLite can), so without this check the same request would answer
 * differently on each store, and with a 500 on Postgres.
 */
import type { FastifyRequest } from "fastify";
import { ConveyorError } from "../errors.ts";

/** Where the first NUL is, as "name" or "a.b.0", or undefined when there is none. */
function nulAt(value: unknown, path: string[]): string | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? path.join(".") || "(the value)" : undefined;
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (key.includes("\u0000")) return [...path, key.replaceAll("\u0000", "\\u0000")].join(".");
    const found = nulAt(child, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

export async function refuseNulCharacters(request: FastifyRequest): Promise<void> {
  for (const [part, value] of [
    ["path", request.params],
    ["querystring", request.query],
    ["body", request.body],
  ] as const) {
    const at = nulAt(value, []);
    if (at !== undefined) {
      throw new ConveyorError(`invalid ${part}: ${at} holds a NUL character (\\u0000)`, "remove it: names and text may not contain one", "invalid_request");
    }
  }
}
