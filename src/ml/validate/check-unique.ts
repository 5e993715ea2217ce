import { getColumn, isMissing, type Table } from "../table.ts";
import type { ExpectationResult } from "./expectation.ts";
import { blameRows, findFailingRows } from "./failing-rows.ts";
import { missingColumnResult } from "./missing-column.ts";

/** No present value occurs twice; the rows blamed are the repeats, not the first occurrences. */
export function checkUnique(table: Table, column: string): ExpectationResult {
  const expected = "no repeated values";
  const missing = missingColumnResult(table, "unique", column, expected);
  if (missing) return missing;
  const found = getColumn(table, column);
  const seen = new Set<string | number | null>();
  const { count, first } = findFailingRows(table.rowCount, (row) => {
    if (isMissing(found, row)) return false;
    const value = found.values[row] ?? null;
    if (seen.has(value)) return true;
    seen.add(value);
    return false;
  });
  return {
    expectation: "unique",
    column,
    expected,
    observed: { repeats: count, distinct: seen.size },
    passed: count === 0,
    ...blameRows(first, found.values),
  };
}
