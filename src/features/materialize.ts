/** Writes the latest values of each entity to the online store, computed by the offline query. */
import type { Redis } from "ioredis";
import { withConnection } from "../ml/io/duckdb.ts";
import { queryTable } from "../ml/io/result-table.ts";
import { sqlIdentifier, sqlString } from "../ml/io/sql.ts";
import { describeSource } from "../ml/io/typed-source.ts";
import type { Table } from "../ml/table.ts";
import type { FeatureView } from "./feature-view.ts";
import { AS_OF_FIELD, DEFAULT_PREFIX, onlineKey } from "./online-key.ts";
import { pointInTimeQuery } from "./point-in-time.ts";
import { checkedSource } from "./source-relation.ts";
import { timestampOf } from "./time-expression.ts";

export interface MaterializeOptions {
  readonly redis: Redis;
  readonly views: readonly FeatureView[];
  /** Prepended to every key, e.g. "conveyor:features:". */
  readonly prefix?: string;
  /** The time the values are computed at (windows end here, TTLs count to here). Default: now. */
  readonly asOf?: Date;
  /** Entities written per Redis transaction. */
  readonly batchSize?: number;
}

/**
 * Each entity of the view (every key seen in its source up to `asOf`) as the point-in-time
 * query gives it at `asOf`: the very rows getHistoricalFeatures returns for (entity, asOf).
 */
async function valuesAt(view: FeatureView, asOf: Date): Promise<Table> {
  return withConnection(async (connection) => {
    const { relation, columns } = await checkedSource(connection, view);
    const timeType = columns.find((c) => c.name === view.timestampColumn)?.sqlType ?? "TIMESTAMP";
    const at = `CAST(${sqlString(asOf.toISOString().replace("T", " ").replace("Z", ""))} AS TIMESTAMP)`;
    const keys = view.entities.map((k) => sqlIdentifier(k.name)).join(", ");
    const entities = `(SELECT DISTINCT ${keys}, ${at} AS __as_of FROM ${relation} WHERE ${timestampOf(view.timestampColumn, timeType)} <= ${at})`;
    const query = await pointInTimeQuery(connection, entities, await describeSource(connection, entities), "__as_of", [view]);
    return queryTable(connection, query.sql, query.types);
  });
}

/** Writes every view's values at `asOf`, replacing each entity's hash whole (a value now null leaves no stale field). */
export async function materialize(options: MaterializeOptions): Promise<{ view: string; entities: number }[]> {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const asOf = options.asOf ?? new Date();
  const batchSize = options.batchSize ?? 1000;
  const written: { view: string; entities: number }[] = [];
  for (const view of options.views) {
    const table = await valuesAt(view, asOf);
    const outputs = table.columns.filter((c) => c.name !== "__as_of" && !view.entities.some((k) => k.name === c.name));
    const keyColumns = view.entities.map((k) => table.columns.find((c) => c.name === k.name));
    for (let start = 0; start < table.rowCount; start += batchSize) {
      const transaction = options.redis.multi();
      for (let row = start; row < Math.min(start + batchSize, table.rowCount); row++) {
        const keyRow = Object.fromEntries(view.entities.map((k, i) => [k.name, keyColumns[i]?.values[row]]));
        const key = onlineKey(prefix, view, keyRow);
        const fields: Record<string, string> = { [AS_OF_FIELD]: asOf.toISOString() };
        for (const column of outputs) {
          const value = column.values[row];
          if (value !== null && value !== undefined && !(typeof value === "number" && Number.isNaN(value))) fields[column.name] = String(value);
        }
        transaction.del(key).hset(key, fields);
      }
      await transaction.exec();
    }
    written.push({ view: view.name, entities: table.rowCount });
  }
  return written;
}
