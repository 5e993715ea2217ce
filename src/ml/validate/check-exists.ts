import type { Table } from "../table.ts";
import type { ExpectationResult } from "./expectation.ts";
import { missingColumnResult } from "./missing-column.ts";

export function checkExists(table: Table, column: string): ExpectationResult {
  return (
    missingColumnResult(table, "exists", column, "the column") ?? {
      expectation: "exists",
      column,
      expected: "the column",
      observed: { column: "present" },
      passed: true,
    }
  );
}
