import { getColumn, type Table } from "../table.ts";
import { type Bounds, checkBounds, describeBounds, withinBounds } from "./bounds.ts";
import type { ExpectationResult } from "./expectation.ts";
import { findFailingRows } from "./failing-rows.ts";
import { missingColumnResult } from "./missing-column.ts";

/** Every present value lies within the bounds; missing values are the not-null check's job. */
export function checkRange(table: Table, column: string, bounds: Bounds): ExpectationResult {
  checkBounds(bounds, `range on "${column}"`);
  const expected = `values ${describeBounds(bounds)}`;
  const missing = missingColumnResult(table, "range", column, expected);
  if (missing) return missing;
  const found = getColumn(table, column);
  if (found.type !== "number") {
    return {
      expectation: "range",
      column,
      expected,
      observed: { type: found.type },
      passed: false,
    };
  }
  const values = found.values;
  const { count, first } = findFailingRows(table.rowCount, (row) => {
    const value = values[row]!;
    return !Number.isNaN(value) && !withinBounds(value, bounds);
  });
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return {
    expectation: "range",
    column,
    expected,
    // With no present values there is no min or max to show.
    observed: { min: min <= max ? min : null, max: min <= max ? max : null, outOfRange: count },
    passed: count === 0,
    ...(first.length > 0 && { failingRows: first }),
  };
}
