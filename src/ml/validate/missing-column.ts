import type { Table } from "../table.ts";
import type { ExpectationKind, ExpectationResult } from "./expectation.ts";

/** A failed result for a check whose column is absent; undefined when the column exists. */
export function missingColumnResult(
  table: Table,
  expectation: ExpectationKind,
  column: string,
  expected: string,
): ExpectationResult | undefined {
  if (table.columns.some((c) => c.name === column)) return undefined;
  return { expectation, column, expected, observed: { column: "absent" }, passed: false };
}
