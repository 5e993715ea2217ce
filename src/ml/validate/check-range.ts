import type { Table } from "../table.ts";
import { type Bounds, describeBounds, withinBounds } from "./bounds.ts";
import { columnOfType } from "./column-of-type.ts";
import type { ExpectationResult } from "./expectation.ts";
import { blameRows, findFailingRows } from "./failing-rows.ts";

/** Every present value lies within the bounds; missing values are the not-null check's job. */
export function checkRange(table: Table, column: string, bounds: Bounds): ExpectationResult {
  const expected = `values ${describeBounds(bounds)}`;
  const found = columnOfType(table, "range", column, expected, "number");
  if ("failed" in found) return found.failed;
  const values = found.column.values;
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
    ...blameRows(first, values),
  };
}
