/**
 * KServe's V1 protocol: `{"instances": [...]}` in, `{"predictions": [...]}` out. Each instance
 * is a row: a list of values in the signature's column order, or an object keyed by column.
 */
import { badRequest } from "../bad-request.ts";
import { type RequestRows, rowsOf, shown } from "../request-rows.ts";
import type { ServedVersion } from "../served-version.ts";

export function v1Rows(body: unknown, version: ServedVersion): RequestRows {
  const instances = (body as { instances?: unknown } | null)?.instances;
  if (typeof body !== "object" || body === null || !Array.isArray(instances)) {
    throw badRequest(`the request must be a JSON object {"instances": [...]}, one row per instance, got ${shown(body)}`);
  }
  return rowsOf(version.columns, instances, "instances", true);
}
