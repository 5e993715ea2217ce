/**
 * The point-in-time query: each entity row gets each view's values as they were at the row's
 * time, never later. Plain features come from the entity's latest source row at or before t
 * (an ASOF JOIN), null when that row is older than the view's TTL. A windowed aggregate over
 * (t - N, t] is the difference of two running totals, one ASOF-joined at t and one at t - N,
 * so it costs two ASOF joins whatever the window, and materializing (the same query with every
 * entity at one time) serves exactly what training saw.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { ConveyorError } from "../errors.ts";
import { sqlIdentifier } from "../ml/io/sql.ts";
import { type SourceColumn, sourceColumnType, typedColumn } from "../ml/io/typed-source.ts";
import type { ColumnType } from "../ml/table.ts";
import type { FeatureType, FeatureView } from "./feature-view.ts";
import { checkedSource } from "./source-relation.ts";
import { timestampOf } from "./time-expression.ts";

const ENTITY_TABLE = "entity_rows";

const sqlType = (type: FeatureType) => (type === "number" ? "DOUBLE" : "VARCHAR");
const interval = (ms: number) => `to_milliseconds(${Math.round(ms)})`;

/** Creates `view_<i>`: the view's source rows with their keys, time, features and running totals. */
async function prepareView(connection: DuckDBConnection, view: FeatureView, index: number): Promise<void> {
  const { relation, columns } = await checkedSource(connection, view);
  const timeType = columns.find((c) => c.name === view.timestampColumn)?.sqlType ?? "TIMESTAMP";
  const time = timestampOf(view.timestampColumn, timeType);
  const keys = view.entities.map((k) => sqlIdentifier(k.name));
  const select = [
    ...view.entities.map((k) => `CAST(${sqlIdentifier(k.name)} AS ${sqlType(k.type)}) AS ${sqlIdentifier(k.name)}`),
    `${time} AS __t`,
    ...view.features.map((f) => `CAST(${sqlIdentifier(f.name)} AS ${sqlType(f.type)}) AS ${sqlIdentifier(f.name)}`),
    ...view.aggregates.flatMap((a, j) => {
      const totals = [`COUNT(*) OVER w AS __n${j}`];
      if (a.column) {
        const column = sqlIdentifier(a.column);
        totals.push(`SUM(CAST(${column} AS DOUBLE)) OVER w AS __s${j}`, `COUNT(${column}) OVER w AS __c${j}`);
      }
      return totals;
    }),
  ];
  const notNull = [...keys, time].map((c) => `${c} IS NOT NULL`).join(" AND ");
  await connection.run(
    `CREATE TEMP TABLE view_${index} AS SELECT ${select.join(", ")} FROM ${relation} WHERE ${notNull}
     WINDOW w AS (PARTITION BY ${keys.join(", ")} ORDER BY ${time} RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`,
  );
}

/** The SELECT list and joins one view adds to the entity rows. */
function viewJoin(view: FeatureView, index: number): { select: string[]; joins: string[] } {
  const now = `v${index}`;
  const keysMatch = (alias: string) => view.entities.map((k) => `e.${sqlIdentifier(k.name)} = ${alias}.${sqlIdentifier(k.name)}`).join(" AND ");
  const joins = [`ASOF LEFT JOIN view_${index} ${now} ON ${keysMatch(now)} AND e.__t >= ${now}.__t`];
  const windows = [...new Set(view.aggregates.map((a) => a.windowMs))];
  // The joins at t - window read only the keys, the time and the running totals: each ASOF
  // join sorts what it reads, and the features would make that several times wider.
  const totals = view.aggregates.flatMap((a, j) => (a.column ? [`__n${j}`, `__s${j}`, `__c${j}`] : [`__n${j}`]));
  const pastColumns = [...view.entities.map((k) => sqlIdentifier(k.name)), "__t", ...totals].join(", ");
  windows.forEach((ms, w) => {
    const past = `v${index}w${w}`;
    joins.push(`ASOF LEFT JOIN (SELECT ${pastColumns} FROM view_${index}) ${past} ON ${keysMatch(past)} AND e.__t - ${interval(ms)} >= ${past}.__t`);
  });
  const fresh = view.ttlMs === undefined ? `${now}.__t IS NOT NULL` : `${now}.__t >= e.__t - ${interval(view.ttlMs)}`;
  const select = view.features.map((f) => `CASE WHEN ${fresh} THEN ${now}.${sqlIdentifier(f.name)} END AS ${sqlIdentifier(f.name)}`);
  view.aggregates.forEach((a, j) => {
    const past = `v${index}w${windows.indexOf(a.windowMs)}`;
    const inWindow = (total: string) => `(COALESCE(${now}.${total}, 0) - COALESCE(${past}.${total}, 0))`;
    const fallback = a.default === null ? "NULL" : String(a.default);
    const value =
      a.fn === "count"
        ? `CAST(${inWindow(`__n${j}`)} AS DOUBLE)`
        : `CASE WHEN ${inWindow(`__c${j}`)} > 0 THEN ${inWindow(`__s${j}`)}${a.fn === "mean" ? ` / ${inWindow(`__c${j}`)}` : ""} ELSE ${fallback} END`;
    select.push(`${value} AS ${sqlIdentifier(a.name)}`);
  });
  return { select, joins };
}

export interface PointInTimeQuery {
  readonly sql: string;
  /** The table type of each column the query returns, in order. */
  readonly types: readonly ColumnType[];
}

/**
 * Prepares the views on the connection and returns the query over the entity rows (the
 * relation `entities`): their own columns, then each view's features and aggregates, in the
 * entity rows' order.
 */
export async function pointInTimeQuery(
  connection: DuckDBConnection,
  entities: string,
  entityColumns: readonly SourceColumn[],
  timestampColumn: string,
  views: readonly FeatureView[],
): Promise<PointInTimeQuery> {
  // The sources first: a view that cannot be read is the first thing to fix.
  for (const [index, view] of views.entries()) await prepareView(connection, view, index);
  const byName = new Map(entityColumns.map((c) => [c.name, c]));
  const time = byName.get(timestampColumn);
  const present = () => entityColumns.map((c) => `"${c.name}"`).join(", ");
  if (!time) {
    throw new ConveyorError(`the entity rows have no time column "${timestampColumn}"`, `their columns are ${present()}; name the time column with timestampColumn`, "invalid_data");
  }
  const seen = new Map(entityColumns.map((c) => [c.name, "the entity rows"]));
  for (const view of views) {
    for (const key of view.entities) {
      if (!byName.has(key.name)) {
        throw new ConveyorError(`the entity rows have no column "${key.name}", the key of feature view "${view.name}"`, `their columns are ${present()}`, "invalid_data");
      }
    }
    for (const name of [...view.features.map((f) => f.name), ...view.aggregates.map((a) => a.name)]) {
      const other = seen.get(name);
      if (other) throw new ConveyorError(`feature "${name}" of view "${view.name}" clashes with a column of ${other}`, "rename one of them in its view", "invalid_feature_view");
      seen.set(name, `feature view "${view.name}"`);
    }
  }
  const keyTypes = new Map(views.flatMap((v) => v.entities.map((k) => [k.name, k.type] as const)));
  // A key is cast to its declared type in both relations, so 42 (BIGINT) meets 42.0 (DOUBLE).
  const entityColumn = (c: SourceColumn) => {
    const keyType = keyTypes.get(c.name);
    return keyType ? `CAST(${sqlIdentifier(c.name)} AS ${sqlType(keyType)}) AS ${sqlIdentifier(c.name)}` : typedColumn(c.name, c.sqlType);
  };
  await connection.run(
    `CREATE TEMP TABLE ${ENTITY_TABLE} AS SELECT ${[
      ...entityColumns.map(entityColumn),
      `${timestampOf(timestampColumn, time.sqlType)} AS __t`,
      "row_number() OVER () AS __row",
    ].join(", ")} FROM ${entities}`,
  );
  const select = entityColumns.map((c) => `e.${sqlIdentifier(c.name)}`);
  const types: ColumnType[] = entityColumns.map((c) => keyTypes.get(c.name) ?? sourceColumnType(c.sqlType));
  const joins: string[] = [];
  for (const [index, view] of views.entries()) {
    const part = viewJoin(view, index);
    select.push(...part.select);
    joins.push(...part.joins);
    types.push(...view.features.map((f) => f.type), ...view.aggregates.map((): ColumnType => "number"));
  }
  return { sql: `SELECT ${select.join(", ")} FROM ${ENTITY_TABLE} e ${joins.join(" ")} ORDER BY e.__row`, types };
}
