import { getColumn, isMissing, type Table } from "../table.ts";
import type { ExpectationResult } from "./expectation.ts";
import { blameRows, findFailingRows } from "./failing-rows.ts";
import { missingColumnResult } from "./missing-column.ts";

/** Every present value is one of `allowed` (compared with ===, so 1 and "1" differ). */
export function checkInSet(table: Table, column: string, allowed: readonly (string | number)[]): ExpectationResult {
  const expected = `values in {${allowed.map((value) => JSON.stringify(value)).join(", ")}}`;
  const missing = missingColumnResult(table, "inSet", column, expected);
  if (missing) return missing;
  const found = getColumn(table, column);
  const set = new Set<string | number | null>(allowed);
  const { count, first } = findFailingRows(
    table.rowCount,
    (row) => !isMissing(found, row) && !set.has(found.values[row] ?? null),
  );
  return {
    expectation: "inSet",
    column,
    expected,
    observed: { outsideSet: count },
    passed: count === 0,
    ...blameRows(first, found.values),
  };
}
