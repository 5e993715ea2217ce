import { ConveyorError } from "../../errors.ts";
import { presentStrings, sortedPresentNumbers } from "../profile/present-values.ts";
import { countValues } from "../profile/value-counts.ts";
import type { Column, ColumnType, Table } from "../table.ts";
import type { Expectation } from "./expectation.ts";

/** Observed ranges are widened by this share of their span (of the value, if constant) on each side. */
const rangeMargin = 0.1;
/** A string column with at most this many distinct values gets an inSet expectation... */
const maxSetSize = 20;
/** ...when its values repeat: on average at least this many rows per value. */
const minRowsPerValue = 2;

/** The kinds inferSuite can propose, in the order it proposes them. */
export const inferredKinds = ["rowCount", "schema", "notNull", "range", "inSet"] as const;
export type InferredKind = (typeof inferredKinds)[number];

export interface InferOptions {
  /** Which kinds to propose (default all of inferredKinds). */
  readonly kinds?: readonly InferredKind[];
  /**
   * The row count may be this many times smaller or larger than the reference's (default 2).
   * Inferring from training rows to check test rows takes about 1 / testFraction (e.g. 5 for 0.2).
   */
  readonly rowCountTolerance?: number;
}

/**
 * Proposes a suite from a reference table, as TFDV infers a schema from statistics: a
 * starting point to review and commit, not a verdict. It expects
 * - the row count within the reference's divided and multiplied by rowCountTolerance (default: half to twice);
 * - every column with its type;
 * - no missing values where the reference has none;
 * - numbers within the observed range widened by 10% of its span on each side (never
 *   across zero, and to whole numbers when every value is whole);
 * - strings from the observed set when there are at most 20 distinct values that repeat
 *   (a column of ids or free text would fail on every new value).
 * A column with no values at all gets only its type.
 */
export function inferSuite(reference: Table, options: InferOptions = {}): Expectation[] {
  const { kinds = inferredKinds, rowCountTolerance = 2 } = options;
  for (const kind of kinds) {
    if (!inferredKinds.includes(kind)) {
      throw new ConveyorError(
        `cannot infer expectations of kind ${JSON.stringify(kind)}`,
        `the kinds inferred are ${inferredKinds.join(", ")}`,
        "invalid_param",
      );
    }
  }
  if (!(rowCountTolerance >= 1 && Number.isFinite(rowCountTolerance))) {
    throw new ConveyorError(
      `rowCountTolerance is ${rowCountTolerance}`,
      "give a factor of at least 1: the row count may be that many times smaller or larger than the reference's",
      "invalid_param",
    );
  }
  if (reference.rowCount === 0) {
    throw new ConveyorError(
      "cannot infer expectations from a table with no rows",
      "infer them from a representative sample, usually the training data",
      "invalid_data",
    );
  }
  const types: Record<string, ColumnType> = Object.fromEntries(reference.columns.map((c) => [c.name, c.type]));
  const rows = reference.rowCount;
  const suite: Expectation[] = [
    { kind: "rowCount", min: Math.floor(rows / rowCountTolerance), max: Math.ceil(rows * rowCountTolerance) },
    { kind: "schema", columns: types },
    ...reference.columns.flatMap(columnExpectations),
  ];
  return suite.filter((expectation) => kinds.includes(expectation.kind as InferredKind));
}

function columnExpectations(column: Column): Expectation[] {
  const name = column.name;
  const found: Expectation[] = [];
  if (column.type === "number") {
    const sorted = sortedPresentNumbers(column.values);
    if (sorted.length === column.values.length) found.push({ kind: "notNull", column: name });
    if (sorted.length > 0) found.push({ kind: "range", column: name, ...widenedRange(sorted) });
  } else {
    const present = presentStrings(column.values);
    if (present.length === column.values.length) found.push({ kind: "notNull", column: name });
    const counts = countValues(present);
    if (counts.size > 0 && counts.size <= maxSetSize && present.length >= counts.size * minRowsPerValue) {
      found.push({ kind: "inSet", column: name, values: [...counts.keys()].sort() });
    }
  }
  return found;
}

function widenedRange(sorted: Float64Array): { min: number; max: number } {
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  const margin = rangeMargin * (max > min ? max - min : Math.abs(max));
  let low = min >= 0 ? Math.max(0, min - margin) : min - margin;
  let high = max <= 0 ? Math.min(0, max + margin) : max + margin;
  if (sorted.every(Number.isInteger)) {
    low = Math.floor(low);
    high = Math.ceil(high);
  }
  return { min: low, max: high };
}
