/**
 * The package's entry to what runs on DuckDB. DuckDB takes a few hundred milliseconds to load
 * and every pipeline imports "conveyor", so these load it only when called.
 */
import type { Table } from "../ml/table.ts";
import type { HistoricalFeaturesOptions } from "./historical.ts";
import type { MaterializeOptions } from "./materialize.ts";

export type { HistoricalFeaturesOptions, MaterializeOptions };

/** See historical.ts: entity rows joined to the views' values as they were at each row's time. */
export async function getHistoricalFeatures(options: HistoricalFeaturesOptions): Promise<Table> {
  return (await import("./historical.ts")).getHistoricalFeatures(options);
}

/** See historical.ts: the same rows written to a Parquet file by DuckDB; returns their count. */
export async function writeHistoricalFeatures(options: HistoricalFeaturesOptions, path: string): Promise<number> {
  return (await import("./historical.ts")).writeHistoricalFeatures(options, path);
}

/** See materialize.ts: each entity's values at a time written to Redis. */
export async function materialize(options: MaterializeOptions): Promise<{ view: string; entities: number }[]> {
  return (await import("./materialize.ts")).materialize(options);
}
