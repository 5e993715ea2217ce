/** A value that can be counted as a category: a string, or a number of a low-cardinality column. */
export type Category = string | number;

/** How often each value occurs, in order of first appearance. */
export function countValues<T extends Category>(values: Iterable<T>): Map<T, number> {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** The distinct values of an ascending array with their counts: a Map's job, without the Map. */
export function countSortedValues(sorted: Float64Array): { values: Float64Array; counts: Float64Array } {
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const values = new Float64Array(distinct);
  const counts = new Float64Array(distinct);
  let next = -1;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) values[++next] = sorted[i]!;
    counts[next] = counts[next]! + 1;
  }
  return { values, counts };
}

export interface ValueCount {
  readonly value: Category;
  readonly count: number;
}

/**
 * The `limit` most frequent values, ties to the smaller value so the order is reproducible.
 * Selected in one pass rather than by sorting every value: a column can have one per row.
 */
export function topValues(values: ArrayLike<Category>, counts: ArrayLike<number>, limit: number): ValueCount[] {
  const best: ValueCount[] = [];
  for (let i = 0; i < values.length; i++) {
    const candidate = { value: values[i]!, count: counts[i]! };
    if (best.length === limit && !ranksBefore(candidate, best[limit - 1]!)) continue;
    let at = best.length;
    while (at > 0 && ranksBefore(candidate, best[at - 1]!)) at--;
    best.splice(at, 0, candidate);
    if (best.length > limit) best.pop();
  }
  return best;
}

function ranksBefore(a: ValueCount, b: ValueCount): boolean {
  if (a.count !== b.count) return a.count > b.count;
  if (typeof a.value === "number" && typeof b.value === "number") return a.value < b.value;
  return String(a.value) < String(b.value);
}
