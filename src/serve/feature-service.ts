/**
 * A served model's feature service: a request may give only entity keys (`{"customer_id": 42}`),
 * and the server adds the feature views' online values to each row before the model reads it,
 * so the model sees what training saw. Rows given as objects (MLflow `dataframe_records` and
 * `instances`, KServe v1 `instances`, or one bare object) are filled; a value the request gives
 * itself is kept, and a row without the keys is left as it is.
 */
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { isConveyorError } from "../errors.ts";
import type { FeatureView } from "../features/feature-view.ts";
import { getOnlineFeatures } from "../features/online.ts";
import { badRequest } from "./bad-request.ts";

export interface FeatureService {
  readonly redis: Redis;
  readonly views: readonly FeatureView[];
  /** The online store's key prefix, as given to materialize. */
  readonly prefix?: string;
}

const ROW_LISTS = ["dataframe_records", "instances"] as const;
const PROTOCOL_KEYS = new Set<string>([...ROW_LISTS, "dataframe_split", "inputs"]);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The request's object rows, in place: a bare object becomes the one row of the route's row list. */
function objectRows(url: string, body: Record<string, unknown>): Record<string, unknown>[] {
  if (!Object.keys(body).some((key) => PROTOCOL_KEYS.has(key))) {
    const row = { ...body };
    for (const key of Object.keys(body)) delete body[key];
    body[url.startsWith("/invocations") ? "dataframe_records" : "instances"] = [row];
  }
  return ROW_LISTS.flatMap((key) => (Array.isArray(body[key]) ? (body[key] as unknown[]).filter(isRecord) : []));
}

/** Fills the rows of every MLflow and KServe v1 request with the views' online values. */
export function featureServiceHook(app: FastifyInstance, service: FeatureService): void {
  app.addHook("preHandler", async (request) => {
    const url = request.url;
    if (request.method !== "POST" || !(url.startsWith("/invocations") || /^\/v1\/models\/[^/]+:predict/.test(url)) || !isRecord(request.body)) return;
    // A row without the keys carries its own feature values: the model reads them, or names what is missing.
    const keys = service.views.flatMap((v) => v.entities.map((k) => k.name));
    const rows = objectRows(url, request.body).filter((row) => keys.every((key) => key in row));
    if (rows.length === 0) return;
    try {
      const found = await getOnlineFeatures({ redis: service.redis, views: service.views, entities: rows, ...(service.prefix ? { prefix: service.prefix } : {}) });
      rows.forEach((row, i) => {
        for (const [name, value] of Object.entries(found[i] ?? {})) if (!(name in row)) row[name] = value;
      });
    } catch (error) {
      // An unknown entity or a missing key is the request's fault: 400, naming it.
      if (isConveyorError(error) && (error.code === "unknown_entity" || error.code === "invalid_entity")) throw badRequest(error.message);
      throw error;
    }
  });
}
