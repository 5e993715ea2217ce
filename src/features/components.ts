/**
 * The feature store's pipeline components. What they run (DuckDB, Redis) is imported inside
 * `run`: every pipeline imports "conveyor", which re-exports these.
 */
import { component, Dataset, describe, param } from "../sdk/index.ts";

const viewsFile = param.file({ description: "the module exporting the feature views; a relative path is taken from the project root" });
const viewNames = param.string({ default: "", description: "the views to use, comma-separated; empty: every view the module exports" });
const names = (list: string) => list.split(",").map((n) => n.trim()).filter((n) => n !== "");

/** Joins the views' features to entity rows as they were at each row's time (point-in-time correct). */
export const historicalFeatures = component({
  name: "historical-features",
  version: "1",
  isolation: "thread",
  description: "Join feature views to entity rows as of each row's time, never later (DuckDB ASOF JOIN, TTLs respected)",
  inputs: {
    entities: describe(Dataset, "the entity rows: the views' key columns and a time column"),
    views: viewsFile,
    viewNames,
    timestampColumn: param.string({ default: "event_timestamp", description: "the entity rows' time column" }),
  },
  outputs: { data: describe(Dataset, "Parquet: the entity rows, then each view's features and aggregates"), rows: param.int() },
  run: async ({ entities, views, viewNames, timestampColumn, data }, ctx) => {
    const { loadFeatureViews } = await import("./load-views.ts");
    const { getHistoricalFeatures } = await import("./historical.ts");
    const { readDataset, writeDataset } = await import("../ml/dataset-file.ts");
    const loaded = await loadFeatureViews(views, names(viewNames));
    const table = await getHistoricalFeatures({ entities: await readDataset(entities), views: loaded, timestampColumn });
    // Lineage beyond the entity rows (an input artifact): which views, reading what.
    const sources = loaded.map((v) => ({ view: v.name, ...("sql" in v.source ? { sql: v.source.sql } : { path: v.source.path }) }));
    await writeDataset(data, table, { kind: "feature-views", file: views, views: sources });
    ctx.log.info(`joined ${loaded.map((v) => v.name).join(", ")} to ${table.rowCount} entity rows`);
    return { rows: table.rowCount };
  },
});

/** Writes the views' latest values per entity to the online store (Redis at CONVEYOR_REDIS). */
export const materializeFeatures = component({
  name: "materialize-features",
  version: "1",
  description: "Write each entity's current feature values to the online store on Redis",
  cache: false,
  inputs: {
    views: viewsFile,
    viewNames,
    prefix: param.string({ default: "conveyor:features:", description: "the prefix of every key written" }),
  },
  outputs: { entities: param.int() },
  run: async ({ views, viewNames, prefix }, ctx) => {
    const { loadFeatureViews } = await import("./load-views.ts");
    const { materialize } = await import("./materialize.ts");
    const { clusterConfig } = await import("../cluster-config.ts");
    const { connectRedis } = await import("../executors/queue/redis.ts");
    const redis = await connectRedis(clusterConfig());
    try {
      const written = await materialize({ redis, views: await loadFeatureViews(views, names(viewNames)), prefix });
      for (const { view, entities } of written) ctx.log.info(`materialized ${entities} entities of ${view}`);
      return { entities: written.reduce((sum, w) => sum + w.entities, 0) };
    } finally {
      redis.disconnect();
    }
  },
});
