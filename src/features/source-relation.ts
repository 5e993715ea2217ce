/** A view's source as a DuckDB relation, checked against what the view declares. */
import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { ConveyorError } from "../errors.ts";
import { sqlString } from "../ml/io/sql.ts";
import { describeSource, type SourceColumn, sourceColumnType } from "../ml/io/typed-source.ts";
import type { FeatureView } from "./feature-view.ts";

/** The relation text of a file, a Parquet folder or glob, or a query; a folder means every Parquet file under it. */
export async function relationOf(source: FeatureView["source"]): Promise<string> {
  if ("sql" in source) return `(${source.sql})`;
  const isFolder = await stat(source.path).then((s) => s.isDirectory(), () => false);
  const path = isFolder ? join(source.path, "**", "*.parquet") : source.path;
  return /\.csv$/i.test(path) ? `read_csv(${sqlString(path)})` : `read_parquet(${sqlString(path)})`;
}

function describeWhere(source: FeatureView["source"]): string {
  return "sql" in source ? "its SQL source" : `its source ${source.path}`;
}

/**
 * The view's source relation, once its columns are checked: each key, the time column, each
 * feature and each aggregated column must be there, with the declared type.
 */
export async function checkedSource(connection: DuckDBConnection, view: FeatureView): Promise<{ relation: string; columns: SourceColumn[] }> {
  const relation = await relationOf(view.source);
  let columns: SourceColumn[];
  try {
    columns = await describeSource(connection, relation);
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    throw new ConveyorError(`feature view "${view.name}": cannot read ${describeWhere(view.source)}: ${reason}`, "check the path or the query", "invalid_feature_view");
  }
  const byName = new Map(columns.map((c) => [c.name, c]));
  const need = (name: string, role: string, type?: "number" | "string") => {
    const column = byName.get(name);
    if (!column) {
      throw new ConveyorError(
        `feature view "${view.name}": ${describeWhere(view.source)} has no ${role} column "${name}"`,
        `its columns are ${columns.map((c) => `"${c.name}"`).join(", ")}; fix the view or the source`,
        "invalid_feature_view",
      );
    }
    if (type === "number" && sourceColumnType(column.sqlType) !== "number") {
      throw new ConveyorError(
        `feature view "${view.name}": ${role} column "${name}" is ${column.sqlType}, a number column is needed`,
        'declare it as "string" or cast it in the source query',
        "invalid_feature_view",
      );
    }
  };
  for (const key of view.entities) need(key.name, "key", key.type === "number" ? "number" : undefined);
  need(view.timestampColumn, "event-time");
  for (const feature of view.features) need(feature.name, "feature", feature.type === "number" ? "number" : undefined);
  for (const aggregate of view.aggregates) if (aggregate.column) need(aggregate.column, `aggregate "${aggregate.name}"'s`, "number");
  return { relation, columns };
}
