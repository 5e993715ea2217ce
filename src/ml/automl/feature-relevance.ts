import type { ModelTask } from "../models/model-kinds.ts";
import type { Column } from "../table.ts";
import { pearson, presentRows } from "./present-rows.ts";

/**
 * How much one feature alone tells about the target, in [0, 1], for ranking features: the
 * share of variance explained. A number feature against classes: the correlation ratio η²
 * (between-class over total sum of squares, what scikit-learn's f_classif tests); a number
 * against a number: Pearson's r²; a text feature against numbers: η² of the target across
 * the feature's values; text against classes: Cramér's V². Rows missing either side are left
 * out. Univariate, so a feature that matters only with another ranks low: the rank orders the
 * report, it drops nothing.
 */
export function featureRelevance(feature: Column, target: Column, task: ModelTask): number {
  const rows = presentRows(feature, target);
  if (rows.length < 2) return 0;
  if (task === "regression" && target.type === "number") {
    return feature.type === "number"
      ? pearson(rows, feature.values, target.values) ** 2
      : correlationRatio(rows, (r) => String(feature.values[r]), (r) => target.values[r]!);
  }
  const label = (r: number) => String(target.values[r]);
  if (feature.type === "number") return correlationRatio(rows, label, (r) => feature.values[r]!);
  return cramersVSquared(rows, (r) => String(feature.values[r]), label);
}

/** η²: the share of the values' variance that the groups explain. */
function correlationRatio(rows: readonly number[], group: (row: number) => string, value: (row: number) => number): number {
  const sums = new Map<string, { n: number; sum: number }>();
  let total = 0;
  for (const r of rows) {
    const g = sums.get(group(r)) ?? { n: 0, sum: 0 };
    g.n++;
    g.sum += value(r);
    sums.set(group(r), g);
    total += value(r);
  }
  const mean = total / rows.length;
  let totalSquares = 0;
  for (const r of rows) totalSquares += (value(r) - mean) ** 2;
  let betweenSquares = 0;
  for (const { n, sum } of sums.values()) betweenSquares += n * (sum / n - mean) ** 2;
  return totalSquares === 0 ? 0 : betweenSquares / totalSquares;
}

/** Cramér's V², χ² / (n · (min(rows, columns) - 1)) of the contingency table. */
function cramersVSquared(rows: readonly number[], a: (row: number) => string, b: (row: number) => string): number {
  const counts = new Map<string, number>();
  const aCounts = new Map<string, number>();
  const bCounts = new Map<string, number>();
  for (const r of rows) {
    const key = `${a(r)}\u0000${b(r)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    aCounts.set(a(r), (aCounts.get(a(r)) ?? 0) + 1);
    bCounts.set(b(r), (bCounts.get(b(r)) ?? 0) + 1);
  }
  const smaller = Math.min(aCounts.size, bCounts.size);
  if (smaller < 2) return 0;
  let chiSquare = 0;
  for (const [av, an] of aCounts) {
    for (const [bv, bn] of bCounts) {
      const expected = (an * bn) / rows.length;
      chiSquare += ((counts.get(`${av}\u0000${bv}`) ?? 0) - expected) ** 2 / expected;
    }
  }
  return chiSquare / (rows.length * (smaller - 1));
}
