/** Online retrieval: an entity's materialized values, read from Redis. */
import type { Redis } from "ioredis";
import { ConveyorError } from "../errors.ts";
import type { FeatureView } from "./feature-view.ts";
import { AS_OF_FIELD, DEFAULT_PREFIX, onlineKey } from "./online-key.ts";

export type FeatureValue = number | string | null;

export interface OnlineFeaturesOptions {
  readonly redis: Redis;
  readonly views: readonly FeatureView[];
  /** One object per entity with the views' key values, e.g. `[{ customer_id: 42 }]`. */
  readonly entities: readonly Readonly<Record<string, unknown>>[];
  readonly prefix?: string;
}

function parsed(view: FeatureView, hash: Record<string, string>): Record<string, FeatureValue> {
  const values: Record<string, FeatureValue> = {};
  for (const feature of view.features) {
    const text = hash[feature.name];
    values[feature.name] = text === undefined ? null : feature.type === "number" ? Number(text) : text;
  }
  for (const aggregate of view.aggregates) {
    const text = hash[aggregate.name];
    values[aggregate.name] = text === undefined ? null : Number(text);
  }
  return values;
}

function defaults(view: FeatureView): Record<string, FeatureValue> {
  return Object.fromEntries([...view.features.map((f) => [f.name, f.default]), ...view.aggregates.map((a) => [a.name, a.default])]);
}

/**
 * Each entity's values from every view, in one round trip: its keys, then the views' features
 * and aggregates as materialize wrote them. An entity a view has no values for gets the view's
 * defaults when it declares `missing: "default"`, and is an error otherwise.
 */
export async function getOnlineFeatures(options: OnlineFeaturesOptions): Promise<Record<string, FeatureValue>[]> {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const lookups = options.entities.flatMap((entity, index) => options.views.map((view) => ({ entity, index, view, key: onlineKey(prefix, view, entity) })));
  const pipeline = options.redis.pipeline();
  for (const lookup of lookups) pipeline.hgetall(lookup.key);
  const replies = (await pipeline.exec()) ?? [];
  const rows = options.entities.map((entity) => ({ ...entity }) as Record<string, FeatureValue>);
  for (const [i, { entity, index, view }] of lookups.entries()) {
    const [error, hash] = replies[i] ?? [new Error("no reply"), undefined];
    if (error) throw error;
    const row = rows[index] as Record<string, FeatureValue>;
    const found = hash as Record<string, string>;
    if (found[AS_OF_FIELD] !== undefined) {
      Object.assign(row, parsed(view, found));
      continue;
    }
    if (view.missing === "default") {
      Object.assign(row, defaults(view));
      continue;
    }
    const keys = view.entities.map((k) => `${k.name}=${JSON.stringify(entity[k.name])}`).join(", ");
    throw new ConveyorError(
      `feature view "${view.name}" has no online values for ${keys}`,
      `materialize the view (conveyor features materialize <file> --view ${view.name}), or declare missing: "default" to serve its defaults`,
      "unknown_entity",
    );
  }
  return rows;
}
