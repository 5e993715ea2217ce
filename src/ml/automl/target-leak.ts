import type { ModelTask } from "../models/model-kinds.ts";
import type { Column } from "../table.ts";
import { pearson, presentRows } from "./present-rows.ts";

/**
 * Why a column gives the answer away rather than predicting it, or undefined when it does
 * not: a column that is itself the target in another form (a label's name beside its
 * number, an amount in other units) scores perfectly in cross-validation and is useless, or
 * worse, where the model is served. Checked on the training rows:
 * - the column's value decides the class, with few values (each shared by several rows), or,
 *   for numbers, the classes fall into separate ranges of the column (a threshold per class);
 * - for a number target, the column is a linear function of it (|r| ≥ 0.999), or a text
 *   column whose value decides the target.
 */
export function targetLeak(feature: Column, target: Column, task: ModelTask): string | undefined {
  const rows = presentRows(feature, target);
  if (rows.length < 10) return undefined;
  const key = (r: number) => String(feature.values[r]);
  const answer = (r: number) => String(target.values[r]);
  if (decides(rows, key, answer) && distinctCount(rows, key) <= rows.length / 2) {
    return `its value decides the target in every row (${distinctCount(rows, key)} values, each with one target value)`;
  }
  if (feature.type !== "number") return undefined;
  if (task === "classification") {
    const ranges = classRanges(rows, feature.values, answer);
    const classes = distinctCount(rows, answer);
    if (ranges !== undefined && ranges === classes) return `each class lies in its own range of the column (${classes} ranges, no overlap)`;
    return undefined;
  }
  if (target.type !== "number") return undefined;
  const r = pearson(rows, feature.values, target.values);
  return Math.abs(r) >= 0.999 ? `it is a linear function of the target (correlation ${r.toFixed(4)})` : undefined;
}

function distinctCount(rows: readonly number[], value: (row: number) => string): number {
  return new Set(rows.map(value)).size;
}

/** Whether rows with the same key always have the same answer. */
function decides(rows: readonly number[], key: (row: number) => string, answer: (row: number) => string): boolean {
  const seen = new Map<string, string>();
  for (const r of rows) {
    const before = seen.get(key(r));
    if (before === undefined) seen.set(key(r), answer(r));
    else if (before !== answer(r)) return false;
  }
  return true;
}

/**
 * How many runs of one class the rows make when sorted by the column, or undefined when a
 * value is shared by two classes (no threshold can part them).
 */
function classRanges(rows: readonly number[], values: Float64Array, answer: (row: number) => string): number | undefined {
  const sorted = [...rows].sort((a, b) => values[a]! - values[b]!);
  let runs = 0;
  let previous: string | undefined;
  for (let i = 0; i < sorted.length; i++) {
    const label = answer(sorted[i]!);
    if (i > 0 && values[sorted[i]!] === values[sorted[i - 1]!] && label !== previous) return undefined;
    if (label !== previous) runs++;
    previous = label;
  }
  return runs;
}
