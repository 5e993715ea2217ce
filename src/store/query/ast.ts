/** The run query language, parsed: what `--where` and `--sort` say, independent of SQL. */

/** Run columns a filter or sort may name directly. */
export const RUN_ATTRIBUTES = ["status", "experiment", "pipeline", "trigger", "id", "created", "started", "ended"] as const;
export type RunAttribute = (typeof RUN_ATTRIBUTES)[number];

/** Attributes that hold times: compared with an ISO date ("2024-05-01", "2024-05-01T12:00:00Z"). */
export const TIME_ATTRIBUTES: readonly RunAttribute[] = ["created", "started", "ended"];

export type Field =
  | { kind: "metric" | "param" | "tag"; key: string }
  | { kind: "attribute"; name: RunAttribute };

export type ComparisonOp = "=" | "!=" | "<" | "<=" | ">" | ">=";

/** A time literal is already converted to epoch milliseconds. */
export type Literal = { type: "number"; value: number; text: string } | { type: "string"; value: string };

export interface Comparison {
  kind: "compare";
  field: Field;
  op: ComparisonOp;
  value: Literal;
}

export type FilterExpr = Comparison | { kind: "and" | "or"; left: FilterExpr; right: FilterExpr };

export interface SortKey {
  field: Field;
  descending: boolean;
}

/** `metrics.auc`, `params.trees`, `status`: how the user would write the field. */
export function fieldText(field: Field): string {
  if (field.kind === "attribute") return field.name;
  return `${field.kind}s.${/^[\w.\-/:]+$/.test(field.key) ? field.key : `\`${field.key}\``}`;
}

/** The fields a filter names, left to right. */
export function filterFields(expr: FilterExpr | undefined): Field[] {
  if (!expr) return [];
  return expr.kind === "compare" ? [expr.field] : [...filterFields(expr.left), ...filterFields(expr.right)];
}
