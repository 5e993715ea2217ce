/**
 * Reference and current distributions of a column, binned alike so a report can overlay them:
 * numbers in equal-width bins over both samples' range, categories by value (the most frequent
 * ones, the rest as one "other"). Shares, not counts, since the samples differ in size.
 */
import type { ColumnReference } from "../drift/index.ts";
import type { Column } from "../table.ts";

export interface Histogram {
  readonly column: string;
  readonly kind: "numeric" | "categorical";
  /** Bin labels: "[lo, hi)" ranges or category values. */
  readonly bins: readonly string[];
  readonly reference: readonly number[];
  readonly current: readonly number[];
}

const NUMERIC_BINS = 20;
const TOP_CATEGORIES = 12;

export function histogram(reference: ColumnReference, current: Column): Histogram {
  if (reference.type === "number" && current.type === "number" && !reference.categories) return numeric(reference.name, reference.sorted, current.values);
  const referenceCounts = new Map<string, number>();
  if (reference.type === "number") {
    if (reference.categories) for (const [value, count] of reference.categories) referenceCounts.set(String(value), count);
    else for (const value of reference.sorted) referenceCounts.set(String(value), (referenceCounts.get(String(value)) ?? 0) + 1);
  } else for (const [value, count] of reference.categories) referenceCounts.set(value, count);
  const currentCounts = new Map<string, number>();
  for (const value of current.values) {
    if (value === null || (typeof value === "number" && Number.isNaN(value))) continue;
    currentCounts.set(String(value), (currentCounts.get(String(value)) ?? 0) + 1);
  }
  return categorical(reference.name, referenceCounts, currentCounts);
}

function numeric(column: string, sorted: Float64Array, values: Float64Array): Histogram {
  let lo = sorted[0]!;
  let hi = sorted[sorted.length - 1]!;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const width = hi > lo ? (hi - lo) / NUMERIC_BINS : 1;
  const count = (sample: ArrayLike<number>) => {
    const counts = new Array<number>(NUMERIC_BINS).fill(0);
    let total = 0;
    for (let i = 0; i < sample.length; i++) {
      const v = sample[i]!;
      if (Number.isNaN(v)) continue;
      counts[Math.min(NUMERIC_BINS - 1, Math.floor((v - lo) / width))]!++;
      total++;
    }
    return counts.map((c) => (total === 0 ? 0 : c / total));
  };
  const edge = (i: number) => Number((lo + i * width).toPrecision(4));
  return {
    column,
    kind: "numeric",
    bins: Array.from({ length: NUMERIC_BINS }, (_, i) => `[${edge(i)}, ${edge(i + 1)})`),
    reference: countSorted(sorted, lo, width),
    current: count(values),
  };
}

/**
 * Shares of sorted values per bin by binary search at each bin's upper edge: a few dozen steps
 * instead of a pass over the whole reference, which every window would repeat. The bin of a
 * value is floor((v - lo) / width), as for the current values, so both sides bin alike.
 */
function countSorted(sorted: Float64Array, lo: number, width: number): number[] {
  const shares = new Array<number>(NUMERIC_BINS).fill(0);
  let start = 0;
  for (let b = 0; b < NUMERIC_BINS; b++) {
    let end = sorted.length;
    if (b < NUMERIC_BINS - 1) {
      // The first value whose bin is past b.
      let low = start;
      let high = sorted.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (Math.floor((sorted[mid]! - lo) / width) > b) high = mid;
        else low = mid + 1;
      }
      end = low;
    }
    shares[b] = (end - start) / sorted.length;
    start = end;
  }
  return shares;
}

function categorical(column: string, reference: Map<string, number>, current: Map<string, number>): Histogram {
  const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0) || 1;
  const [referenceTotal, currentTotal] = [total(reference), total(current)];
  const values = [...new Set([...reference.keys(), ...current.keys()])].sort(
    (a, b) => (reference.get(b) ?? 0) / referenceTotal + (current.get(b) ?? 0) / currentTotal - ((reference.get(a) ?? 0) / referenceTotal + (current.get(a) ?? 0) / currentTotal),
  );
  const shown = values.slice(0, TOP_CATEGORIES);
  const rest = values.slice(TOP_CATEGORIES);
  const shares = (counts: Map<string, number>, all: number) => {
    const kept = shown.map((v) => (counts.get(v) ?? 0) / all);
    return rest.length === 0 ? kept : [...kept, rest.reduce((sum, v) => sum + (counts.get(v) ?? 0), 0) / all];
  };
  return {
    column,
    kind: "categorical",
    bins: rest.length === 0 ? shown : [...shown, `other (${rest.length})`],
    reference: shares(reference, referenceTotal),
    current: shares(current, currentTotal),
  };
}
