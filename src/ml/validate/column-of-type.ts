import type { Column, ColumnType, Table } from "../table.ts";
import type { ExpectationKind, ExpectationResult } from "./expectation.ts";
import { missingColumnResult } from "./missing-column.ts";

/**
 * The column a check reads, when it exists with the type the check needs; otherwise the
 * failed result that says why (absent, or the type it has), so the other checks still run.
 */
export function columnOfType<T extends ColumnType>(
  table: Table,
  expectation: ExpectationKind,
  column: string,
  expected: string,
  type: T,
): { column: Extract<Column, { type: T }> } | { failed: ExpectationResult } {
  const missing = missingColumnResult(table, expectation, column, expected);
  if (missing) return { failed: missing };
  const found = table.columns.find((c) => c.name === column)!;
  if (found.type === type) return { column: found as Extract<Column, { type: T }> };
  return { failed: { expectation, column, expected, observed: { type: found.type }, passed: false } };
}
