import type { Table } from "../table.ts";
import { checkNotNull } from "./check-not-null.ts";
import { checkRange } from "./check-range.ts";
import { checkRowCount } from "./check-row-count.ts";
import { checkSchema } from "./check-schema.ts";
import type { Expectation, ExpectationResult, ValidationReport } from "./expectation.ts";

/** Runs every expectation (none stops the others) and passes only if all of them pass. */
export function validateTable(
  table: Table,
  expectations: readonly Expectation[],
): ValidationReport {
  const results = expectations.flatMap((expectation) => check(table, expectation));
  return { passed: results.every((r) => r.passed), results };
}

function check(table: Table, expectation: Expectation): ExpectationResult[] {
  switch (expectation.kind) {
    case "schema":
      return checkSchema(table, expectation.columns);
    case "notNull":
      return [checkNotNull(table, expectation.column, expectation.mostly)];
    case "range":
      return [checkRange(table, expectation.column, expectation)];
    case "rowCount":
      return [checkRowCount(table, expectation)];
  }
}
