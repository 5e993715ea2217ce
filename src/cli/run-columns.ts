/** The extra columns of `runs list`: each metric, parameter and tag its --where and --sort name. */
import { pickMetric } from "../store/metric-key.ts";
import { type Field, fieldText, filterFields } from "../store/query/ast.ts";
import { parseFilter } from "../store/query/parse-filter.ts";
import { parseSort } from "../store/query/parse-sort.ts";
import type { RunSummary } from "../store/tracking-types.ts";
import { valueText } from "./format.ts";

type KeyField = Extract<Field, { key: string }>;

/** Sort fields first (they explain the order), then filter fields, each once. */
export function queryColumns(where: string | undefined, sort: string | undefined): KeyField[] {
  const fields = [...parseSort(sort ?? "").map((k) => k.field), ...filterFields(parseFilter(where ?? ""))];
  const seen = new Set<string>();
  return fields.filter((f): f is KeyField => {
    if (f.kind === "attribute" || seen.has(fieldText(f))) return false;
    seen.add(fieldText(f));
    return true;
  });
}

export function columnValue(run: RunSummary, field: KeyField): string {
  // The search refused a metric key that names several tasks' metrics of a run it searched.
  const value = field.kind === "metric" ? pickMetric(run.metrics, field.key)?.value : field.kind === "param" ? run.params[field.key] : run.tags[field.key];
  return value === undefined ? "" : valueText(value);
}
