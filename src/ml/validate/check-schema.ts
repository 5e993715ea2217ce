import type { ColumnType, Table } from "../table.ts";
import type { ExpectationResult } from "./expectation.ts";
import { missingColumnResult } from "./missing-column.ts";

/** One result per expected column: present, and of the expected type. Extra columns are fine. */
export function checkSchema(
  table: Table,
  columns: Readonly<Record<string, ColumnType>>,
): ExpectationResult[] {
  return Object.entries(columns).map(([name, type]) => {
    const expected = `a ${type} column`;
    const missing = missingColumnResult(table, "schema", name, expected);
    if (missing) return missing;
    const actual = table.columns.find((c) => c.name === name)?.type ?? null;
    return {
      expectation: "schema",
      column: name,
      expected,
      observed: { type: actual },
      passed: actual === type,
    };
  });
}
