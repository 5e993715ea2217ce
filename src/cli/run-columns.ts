/** The extra columns of `runs list`: each metric, parameter and tag its --where and --sort name. */
import { type Field, fieldText, type FilterExpr } from "../store/query/ast.ts";
import { parseFilter } from "../store/query/parse-filter.ts";
import { parseSort } from "../store/query/parse-sort.ts";
import type { RunSummary } from "../store/tracking-types.ts";
import { valueText } from "./format.ts";

type KeyField = Extract<Field, { key: string }>;

function fieldsOf(expr: FilterExpr | undefined): Field[] {
  if (!expr) return [];
  return expr.kind === "compare" ? [expr.field] : [...fieldsOf(expr.left), ...fieldsOf(expr.right)];
}

/** Sort fields first (they explain the order), then filter fields, each once. */
export function queryColumns(where: string | undefined, sort: string | undefined): KeyField[] {
  const fields = [...parseSort(sort ?? "").map((k) => k.field), ...fieldsOf(parseFilter(where ?? ""))];
  const seen = new Set<string>();
  return fields.filter((f): f is KeyField => {
    if (f.kind === "attribute" || seen.has(fieldText(f))) return false;
    seen.add(fieldText(f));
    return true;
  });
}

export function columnValue(run: RunSummary, field: KeyField): string {
  const value = field.kind === "metric" ? run.metrics[field.key] : field.kind === "param" ? run.params[field.key] : run.tags[field.key];
  return value === undefined ? "" : valueText(value);
}
