/**
 * Data quality of a window against the reference it is compared with: missing values beyond
 * the reference's share, numbers outside the reference's range, categories the reference never
 * held, columns missing or of another type than the model reads, and the window's row volume.
 */
import type { ColumnReference, ReferenceProfile } from "../drift/index.ts";
import type { Column, ColumnType, Table } from "../table.ts";

export interface QualityOptions {
  /** The columns checked, with the type the model reads each as. */
  readonly columns: readonly { readonly name: string; readonly type: ColumnType }[];
  /** Most missing values a column may gain over its reference share; 0.05 by default. */
  readonly maxNullIncrease?: number;
  /** Most values a number column may have outside the reference's [min, max]; 0.05 by default. */
  readonly maxOutOfRange?: number;
  /** Most values a text column may have that the reference never held; 0.05 by default. */
  readonly maxUnseen?: number;
  /** The fewest and most rows a window should hold; unchecked when left out. */
  readonly minRows?: number;
  readonly maxRows?: number;
}

export type QualityCheckKind = "schema" | "nulls" | "outOfRange" | "unseenCategories" | "rowVolume";

export interface QualityCheck {
  readonly check: QualityCheckKind;
  /** Null for the window's row volume. */
  readonly column: string | null;
  readonly passed: boolean;
  /** The share (or count, for row volume) observed, and the limit it is held to. */
  readonly observed: number;
  readonly limit: number | null;
  readonly detail: string;
}

export interface QualityReport {
  readonly passed: boolean;
  readonly checks: readonly QualityCheck[];
}

export function checkQuality(profile: ReferenceProfile, window: Table, options: QualityOptions): QualityReport {
  const { maxNullIncrease = 0.05, maxOutOfRange = 0.05, maxUnseen = 0.05, minRows, maxRows } = options;
  const checks: QualityCheck[] = [];
  const rows = window.rowCount;
  if (minRows !== undefined || maxRows !== undefined) {
    const passed = (minRows === undefined || rows >= minRows) && (maxRows === undefined || rows <= maxRows);
    checks.push({ check: "rowVolume", column: null, passed, observed: rows, limit: (rows < (minRows ?? 0) ? minRows : maxRows) ?? null, detail: `${rows} rows, expected ${minRows ?? 0} to ${maxRows ?? "any number"}` });
  }
  // An empty window has nothing to check but its volume: its log read may not even name the columns.
  for (const { name, type } of rows === 0 ? [] : options.columns) {
    const column = window.columns.find((c) => c.name === name);
    if (!column || column.type !== type) {
      const detail = column ? `holds ${column.type}s, and the model reads ${type}s` : "is missing from the window";
      checks.push({ check: "schema", column: name, passed: false, observed: 1, limit: 0, detail: `column "${name}" ${detail}` });
      continue;
    }
    const reference = profile.columns.find((c) => c.name === name);
    if (!reference) continue;
    const missing = missingCount(column);
    const referenceMissing = 1 - presentSize(reference) / profile.rowCount;
    const share = missing / rows;
    checks.push({
      check: "nulls",
      column: name,
      passed: share <= referenceMissing + maxNullIncrease,
      observed: share,
      limit: referenceMissing + maxNullIncrease,
      detail: `${missing} of ${rows} values missing (reference: ${percent(referenceMissing)})`,
    });
    const present = rows - missing;
    if (present === 0) continue;
    if (reference.type === "number" && column.type === "number") {
      const min = reference.sorted[0]!;
      const max = reference.sorted[reference.sorted.length - 1]!;
      let outside = 0;
      for (const v of column.values) if (v < min || v > max) outside++;
      checks.push({ check: "outOfRange", column: name, passed: outside / present <= maxOutOfRange, observed: outside / present, limit: maxOutOfRange, detail: `${outside} of ${present} values outside the reference's [${min}, ${max}]` });
    } else if (reference.type === "string" && column.type === "string") {
      const unseen = new Map<string, number>();
      for (const v of column.values) if (v !== null && !reference.categories.has(v)) unseen.set(v, (unseen.get(v) ?? 0) + 1);
      const count = [...unseen.values()].reduce((a, b) => a + b, 0);
      const examples = [...unseen.keys()].slice(0, 5).map((v) => JSON.stringify(v));
      checks.push({
        check: "unseenCategories",
        column: name,
        passed: count / present <= maxUnseen,
        observed: count / present,
        limit: maxUnseen,
        detail: count === 0 ? "every value seen in the reference" : `${count} of ${present} values never seen in the reference: ${examples.join(", ")}${unseen.size > 5 ? ", ..." : ""}`,
      });
    }
  }
  return { passed: checks.every((c) => c.passed), checks };
}

function missingCount(column: Column): number {
  let missing = 0;
  if (column.type === "number") for (const v of column.values) missing += Number.isNaN(v) ? 1 : 0;
  else for (const v of column.values) missing += v === null ? 1 : 0;
  return missing;
}

function presentSize(reference: ColumnReference): number {
  return reference.type === "number" ? reference.sorted.length : reference.size;
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
