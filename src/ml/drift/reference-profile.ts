import { ConveyorError } from "../../errors.ts";
import { standardDeviation } from "../profile/moments.ts";
import { presentNumbers, presentStrings } from "../profile/present-values.ts";
import { countValues } from "../profile/value-counts.ts";
import type { Column, Table } from "../table.ts";
import { maxCategoricalDistinct } from "./drift-method.ts";
import { buildBinIndex } from "./bin-index.ts";
import { countSortedByInnerEdges, referenceQuantileEdges } from "./quantile-bins.ts";
import { buildRankIndex, type RankIndex } from "./rank-index.ts";

/** Deciles, as PSI is usually binned; Jensen-Shannon on numbers uses the same bins. */
export const numericBins = 10;

/** What every drift method needs of a number column of the reference, computed once. */
export interface NumberReference {
  readonly name: string;
  readonly type: "number";
  /** The present values, ascending, in shared memory: worker threads read them without a copy. */
  readonly sorted: Float64Array;
  /** Finds where a window value falls among `sorted` in a step or two, for the KS test. */
  readonly rankIndex: RankIndex;
  /** The reference deciles that separate the PSI and Jensen-Shannon bins (see quantile-bins.ts). */
  readonly innerEdges: readonly number[];
  /** How many reference values each of those bins holds. */
  readonly binCounts: readonly number[];
  /** The bin of each rank-index cell that holds no edge, to count a window into the bins quickly (bin-index.ts). */
  readonly binIndex: Uint8Array;
  /** numpy.std (population), which scales the Wasserstein distance. */
  readonly standardDeviation: number;
  /**
   * Counts per value in order of first appearance, when the column has at most 5 distinct
   * values: it is then compared as categories unless the window brings more.
   */
  readonly categories?: ReadonlyMap<number, number>;
}

/** What the drift methods need of a string column of the reference: its counts per value. */
export interface StringReference {
  readonly name: string;
  readonly type: "string";
  /** Counts per value, in order of first appearance. */
  readonly categories: ReadonlyMap<string, number>;
  readonly size: number;
}

export type ColumnReference = NumberReference | StringReference;

/** A reference sample summarised for drift checks: computed once, reused by every window. */
export interface ReferenceProfile {
  readonly columns: readonly ColumnReference[];
  readonly rowCount: number;
}

export interface ReferenceProfileOptions {
  /** The columns to profile; every column of the table by default. */
  readonly columns?: readonly string[];
}

/**
 * Profiles a reference table (usually the training data) for drift checks: per number column
 * its sorted values, decile bin edges and counts, and standard deviation; per string column
 * (and number column with at most 5 distinct values) its counts per value. Missing values
 * are left out. Refuses an empty table, an unknown column and a column with no values.
 */
export function profileReference(table: Table, options: ReferenceProfileOptions = {}): ReferenceProfile {
  if (table.rowCount === 0) {
    throw new ConveyorError(
      "the reference data has no rows",
      "drift is measured against a reference sample: give one with rows (usually the training data)",
      "invalid_data",
    );
  }
  const names = options.columns ?? table.columns.map((column) => column.name);
  return { columns: names.map((name) => referenceColumn(findColumn(table, name, "reference"))), rowCount: table.rowCount };
}

/** One column's reference summary; refuses a column whose values are all missing. */
export function referenceColumn(column: Column): ColumnReference {
  if (column.type === "string") {
    const values = presentStrings(column.values);
    requirePresent(column.name, "reference", values.length);
    return { name: column.name, type: "string", categories: countValues(values), size: values.length };
  }
  const present = presentNumbers(column.values);
  requirePresent(column.name, "reference", present.length);
  // numpy sums in the data's order, so the deviation is taken before sorting.
  const deviation = standardDeviation(present, 0);
  const sorted = new Float64Array(new SharedArrayBuffer(present.byteLength));
  sorted.set(present);
  sorted.sort();
  const innerEdges = referenceQuantileEdges(sorted, numericBins);
  const rankIndex = buildRankIndex(sorted);
  return {
    name: column.name,
    type: "number",
    sorted,
    rankIndex,
    innerEdges,
    binCounts: countSortedByInnerEdges(innerEdges, sorted),
    binIndex: buildBinIndex(rankIndex, innerEdges),
    standardDeviation: deviation,
    ...(distinctCount(sorted) <= maxCategoricalDistinct && { categories: countValues(present) }),
  };
}

/** The number of present values a column reference holds. */
export function referenceSize(reference: ColumnReference): number {
  return reference.type === "number" ? reference.sorted.length : reference.size;
}

/** The column named `name`, or an error listing the columns there are. */
export function findColumn(table: Table, name: string, side: "reference" | "current"): Column {
  const column = table.columns.find((c) => c.name === name);
  if (column) return column;
  throw new ConveyorError(
    `the ${side} data has no column named "${name}"`,
    `its columns are ${table.columns.map((c) => `"${c.name}"`).join(", ")}`,
    "unknown_column",
  );
}

/** Refuses a column every row of which is missing: there is nothing to compare. */
export function requirePresent(column: string, side: "reference" | "current", count: number): void {
  if (count > 0) return;
  throw new ConveyorError(
    `column "${column}" has no values in the ${side} data: every row is missing`,
    "leave the column out of the drift check, or fix the data that lost it",
    "invalid_data",
  );
}

function distinctCount(sorted: Float64Array): number {
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  return distinct;
}
