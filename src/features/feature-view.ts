/** A feature view: what a team declares once, and what training and serving both read. */
import { durationMs } from "../compiler/duration.ts";
import { ConveyorError } from "../errors.ts";
import type { Duration } from "../sdk/options.ts";

export type FeatureType = "number" | "string";

/**
 * Where a view's rows come from: a Parquet or CSV file (a Dataset artifact's path), a Parquet
 * folder or glob (`data/events/*.parquet`), or a DuckDB query over such files.
 */
export type FeatureSource = { readonly path: string } | { readonly sql: string };

export interface FeatureSpec {
  readonly type: FeatureType;
  /** Served for an entity missing from the online store when the view's `missing` is "default". */
  readonly default?: number | string;
}

/** A windowed aggregate: over the source rows of one entity whose event time is in (t - window, t]. */
export interface AggregateSpec {
  readonly fn: "count" | "sum" | "mean";
  /** The column summed or averaged; a count counts rows and needs none. */
  readonly column?: string;
  readonly window: Duration;
  readonly default?: number;
}

export interface FeatureViewConfig {
  readonly name: string;
  /** The entity key columns and their types, e.g. `{ customer_id: "number" }`. */
  readonly entities: Readonly<Record<string, FeatureType>>;
  readonly source: FeatureSource;
  /** The column holding when each row's values became true (a timestamp, a date, or text DuckDB reads as one). */
  readonly timestampColumn: string;
  /** How long a row's values stay valid: older than this at time t, its features are null. Default: forever. */
  readonly ttl?: Duration;
  /** Columns of the source served as they were in the entity's latest row at time t. */
  readonly features?: Readonly<Record<string, FeatureType | FeatureSpec>>;
  /** Aggregates by output name, computed by the same query for training and for serving. */
  readonly aggregates?: Readonly<Record<string, AggregateSpec>>;
  /** An entity key absent from the online store: an error (the default), or each feature's default (else null; counts 0). */
  readonly missing?: "error" | "default";
}

export interface Aggregate {
  readonly name: string;
  readonly fn: AggregateSpec["fn"];
  readonly column: string | undefined;
  readonly windowMs: number;
  readonly default: number | null;
}

export interface Feature {
  readonly name: string;
  readonly type: FeatureType;
  readonly default: number | string | null;
}

/** A checked feature view: names, types and durations resolved. */
export interface FeatureView {
  readonly kind: "featureView";
  readonly name: string;
  readonly entities: readonly { readonly name: string; readonly type: FeatureType }[];
  readonly source: FeatureSource;
  readonly timestampColumn: string;
  readonly ttlMs: number | undefined;
  readonly features: readonly Feature[];
  readonly aggregates: readonly Aggregate[];
  readonly missing: "error" | "default";
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Declares a feature view; a malformed declaration is an error naming the view and the field. */
export function featureView(config: FeatureViewConfig): FeatureView {
  const where = `feature view "${config.name}"`;
  const fail = (what: string, hint: string): never => {
    throw new ConveyorError(`${where}: ${what}`, hint, "invalid_feature_view");
  };
  if (!NAME.test(config.name)) fail("the name must be letters, digits and underscores", "rename the view");
  const entities = Object.entries(config.entities).map(([name, type]) => ({ name, type }));
  if (entities.length === 0) fail("no entities", "name the key columns, e.g. entities: { customer_id: \"number\" }");
  const source = config.source as Partial<{ path: string; sql: string }>;
  if (typeof source.path !== "string" && typeof source.sql !== "string") {
    fail("the source has neither a path nor sql", 'give source: { path: "data/events.parquet" } or { sql: "SELECT ..." }');
  }
  const features = Object.entries(config.features ?? {}).map(([name, spec]): Feature => {
    const { type, default: value } = typeof spec === "string" ? { type: spec, default: undefined } : spec;
    if (type !== "number" && type !== "string") fail(`feature "${name}" has type "${String(type)}"`, 'use "number" or "string"');
    return { name, type, default: value ?? null };
  });
  const aggregates = Object.entries(config.aggregates ?? {}).map(([name, spec]): Aggregate => {
    if (!["count", "sum", "mean"].includes(spec.fn)) fail(`aggregate "${name}" has fn "${spec.fn}"`, 'use "count", "sum" or "mean"');
    if (spec.fn !== "count" && !spec.column) fail(`aggregate "${name}" (${spec.fn}) names no column`, "give the column to aggregate");
    const windowMs = durationMs(spec.window, `${where}, aggregate "${name}" window`);
    if (windowMs <= 0) fail(`aggregate "${name}" has an empty window`, 'give a window such as "30m" or "7d"');
    return { name, fn: spec.fn, column: spec.column, windowMs, default: spec.default ?? (spec.fn === "count" ? 0 : null) };
  });
  if (features.length + aggregates.length === 0) fail("no features and no aggregates", "declare at least one");
  const outputs = new Set<string>();
  for (const name of [...entities.map((e) => e.name), ...features.map((f) => f.name), ...aggregates.map((a) => a.name)]) {
    if (!NAME.test(name)) fail(`"${name}" is not a plain column name`, "use letters, digits and underscores");
    if (outputs.has(name)) fail(`"${name}" is declared twice`, "give each entity, feature and aggregate its own name");
    outputs.add(name);
  }
  return {
    kind: "featureView",
    name: config.name,
    entities,
    source: config.source,
    timestampColumn: config.timestampColumn,
    ttlMs: config.ttl === undefined ? undefined : durationMs(config.ttl, `${where}, ttl`),
    features,
    aggregates,
    missing: config.missing ?? "error",
  };
}

/** The output names a view adds to each entity row: its features, then its aggregates. */
export function outputNames(view: FeatureView): string[] {
  return [...view.features.map((f) => f.name), ...view.aggregates.map((a) => a.name)];
}
