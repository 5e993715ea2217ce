import { type Category, countValues } from "../profile/value-counts.ts";
import { requireValues } from "./require-values.ts";

/** Two samples of categories counted over the categories either of them holds. */
export interface CategoryCounts {
  /** Every category seen, reference categories first, each in order of first appearance. */
  readonly categories: readonly Category[];
  readonly reference: readonly number[];
  readonly current: readonly number[];
}

/** Counts two non-empty samples of categories. */
export function countCategories(reference: readonly Category[], current: readonly Category[]): CategoryCounts {
  requireValues(reference, "reference");
  requireValues(current, "current");
  return mergeCategoryCounts(countValues(reference), countValues(current));
}

/** Two samples' counts per category (in order of first appearance) over the categories either holds. */
export function mergeCategoryCounts(
  referenceCounts: ReadonlyMap<Category, number>,
  currentCounts: ReadonlyMap<Category, number>,
): CategoryCounts {
  const categories = [...new Set([...referenceCounts.keys(), ...currentCounts.keys()])];
  return {
    categories,
    reference: categories.map((category) => referenceCounts.get(category) ?? 0),
    current: categories.map((category) => currentCounts.get(category) ?? 0),
  };
}
