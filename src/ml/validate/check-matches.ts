import type { Table } from "../table.ts";
import { columnOfType } from "./column-of-type.ts";
import { compilePattern } from "./compile-pattern.ts";
import type { ExpectationResult } from "./expectation.ts";
import { blameRows, findFailingRows } from "./failing-rows.ts";

/** Every present string contains a match of the pattern (RegExp.test: anchor it for a full match). */
export function checkMatches(table: Table, column: string, pattern: string, flags?: string): ExpectationResult {
  const regex = compilePattern(pattern, flags, `the matches check on "${column}"`);
  const expected = `values matching ${regex}`;
  const found = columnOfType(table, "matches", column, expected, "string");
  if ("failed" in found) return found.failed;
  const values = found.column.values;
  const { count, first } = findFailingRows(table.rowCount, (row) => {
    const value = values[row] ?? null;
    return value !== null && !regex.test(value);
  });
  return {
    expectation: "matches",
    column,
    expected,
    observed: { notMatching: count },
    passed: count === 0,
    ...blameRows(first, values),
  };
}
