/**
 * The run query language compiled to SQL both backends run as is. Each comparison on a
 * metric, parameter or tag is `runs.id in (select run_id from <side table> where ...)`, which
 * the planner can drive from the side table's (name, value) index when the comparison is
 * selective, or probe per run when it is not. A run without the metric, parameter or tag
 * does not match any comparison on it (not even `!=`). A metric key may name several tasks'
 * metrics of one run: the search checks it does not before it runs these (run-search.ts).
 */
import type { RawBuilder, SqlBool } from "kysely";
import { sql } from "./runtime.ts";
import { metricAddresses } from "../metric-key.ts";
import type { Field, FilterExpr, Literal, SortKey } from "../query/ast.ts";

/** Validated by the parser; never user text, so safe to splice into SQL. */
const OPERATORS = new Set(["=", "!=", "<", "<=", ">", ">="]);

const COLUMNS = {
  status: "runs.status",
  experiment: "runs.experiment",
  pipeline: "runs.pipeline_name",
  trigger: "runs.trigger",
  id: "runs.id",
  created: "runs.created_at",
  started: "runs.started_at",
  ended: "runs.ended_at",
} as const;

/** The rows of `run_latest_metrics` a key names: by its name alone, or as "<task>.<name>" (see metric-key.ts). */
export function metricKeySql(key: string): RawBuilder<SqlBool> {
  const readings = metricAddresses(key).map(({ task, name }) =>
    task === undefined ? sql<SqlBool>`name = ${name}` : sql<SqlBool>`(task = ${task} and name = ${name})`,
  );
  return sql<SqlBool>`(${sql.join(readings, sql` or `)})`;
}

function text(value: Literal): string {
  return value.type === "string" ? value.value : value.text;
}

export function filterSql(expr: FilterExpr): RawBuilder<SqlBool> {
  if (expr.kind !== "compare") {
    return sql<SqlBool>`(${filterSql(expr.left)} ${sql.raw(expr.kind)} ${filterSql(expr.right)})`;
  }
  if (!OPERATORS.has(expr.op)) throw new Error(`filterSql: operator ${expr.op} was not checked by the parser`);
  const op = sql.raw(expr.op);
  const { field, value } = expr;
  switch (field.kind) {
    case "metric":
      return sql<SqlBool>`runs.id in (select run_id from run_latest_metrics where ${metricKeySql(field.key)} and value ${op} ${value.value})`;
    case "param":
      return value.type === "number"
        ? sql<SqlBool>`runs.id in (select run_id from run_params where name = ${field.key} and num ${op} ${value.value})`
        : sql<SqlBool>`runs.id in (select run_id from run_params where name = ${field.key} and value ${op} ${value.value})`;
    case "tag":
      return sql<SqlBool>`runs.id in (select run_id from run_tags where key = ${field.key} and value ${op} ${text(value)})`;
    case "attribute": {
      const column = sql.ref(COLUMNS[field.name]);
      const isTime = field.name === "created" || field.name === "started" || field.name === "ended";
      return sql<SqlBool>`${column} ${op} ${isTime ? value.value : text(value)}`;
    }
  }
}

/** ORDER BY terms for the sort keys; a run missing the field sorts last either way. */
export function sortSql(keys: readonly SortKey[]): RawBuilder<unknown>[] {
  return keys.flatMap(({ field, descending }) =>
    sortExpressions(field).map((e) => sql`${e} ${sql.raw(descending ? "desc" : "asc")} nulls last`),
  );
}

function sortExpressions(field: Field): RawBuilder<unknown>[] {
  switch (field.kind) {
    case "metric":
      // One row per run: the search refuses a key that names several metrics of a run in its scope.
      return [sql`(select value from run_latest_metrics where run_id = runs.id and ${metricKeySql(field.key)} limit 1)`];
    case "param":
      // Numbers in numeric order, then any other values by their text.
      return [
        sql`(select num from run_params where run_id = runs.id and name = ${field.key})`,
        sql`(select value from run_params where run_id = runs.id and name = ${field.key})`,
      ];
    case "tag":
      return [sql`(select value from run_tags where run_id = runs.id and key = ${field.key})`];
    case "attribute":
      return [sql.ref(COLUMNS[field.name])];
  }
}
