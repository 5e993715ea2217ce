import { getColumn, isMissing, type Table } from "../table.ts";
import type { ExpectationResult } from "./expectation.ts";
import { findFailingRows } from "./failing-rows.ts";
import { missingColumnResult } from "./missing-column.ts";

/**
 * Passes when at least `mostly` of the rows have a value (all of them by default). Only the
 * rows are blamed: their values are all missing.
 */
export function checkNotNull(table: Table, column: string, mostly = 1): ExpectationResult {
  const expected = mostly === 1 ? "no missing values" : `at least ${mostly * 100}% of values present`;
  const missing = missingColumnResult(table, "notNull", column, expected);
  if (missing) return missing;
  const values = getColumn(table, column);
  const { count, first } = findFailingRows(table.rowCount, (row) => isMissing(values, row));
  // An empty table has nothing missing.
  const presentFraction = table.rowCount === 0 ? 1 : (table.rowCount - count) / table.rowCount;
  return {
    expectation: "notNull",
    column,
    expected,
    observed: { missing: count, presentFraction },
    passed: presentFraction >= mostly,
    ...(first.length > 0 && { failingRows: first }),
  };
}
