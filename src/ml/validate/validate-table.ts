import { ConveyorError } from "../../errors.ts";
import type { Table } from "../table.ts";
import { checkExists } from "./check-exists.ts";
import { checkInSet } from "./check-in-set.ts";
import { checkMatches } from "./check-matches.ts";
import { checkNoDrift } from "./check-no-drift.ts";
import { checkNotNull } from "./check-not-null.ts";
import { checkRange } from "./check-range.ts";
import { checkRowCount } from "./check-row-count.ts";
import { checkSameDistribution } from "./check-same-distribution.ts";
import { checkSchema } from "./check-schema.ts";
import { checkStatistic } from "./check-statistic.ts";
import { checkUnique } from "./check-unique.ts";
import type { Expectation, ExpectationResult, ValidationReport } from "./expectation.ts";
import { parseExpectations } from "./parse-expectations.ts";

export interface ValidationOptions {
  /** The dataset sameDistribution and noDrift compare with, usually the training data. */
  readonly reference?: Table;
}

/**
 * Runs every expectation (none stops the others) and passes only if all of them pass.
 * The suite is checked first, whether it came from JSON or TypeScript, so a mistake in it
 * is reported by position before any data is looked at.
 */
export function validateTable(
  table: Table,
  expectations: readonly Expectation[],
  options: ValidationOptions = {},
): ValidationReport {
  const suite = parseExpectations(expectations);
  const reference = usableReference(suite, options.reference);
  const results = suite.flatMap((expectation) => check(table, expectation, reference));
  return { passed: results.every((r) => r.passed), results };
}

function check(table: Table, expectation: Expectation, reference: Table | undefined): ExpectationResult[] {
  switch (expectation.kind) {
    case "exists":
      return [checkExists(table, expectation.column)];
    case "schema":
      return checkSchema(table, expectation.columns);
    case "notNull":
      return [checkNotNull(table, expectation.column, expectation.mostly)];
    case "range":
      return [checkRange(table, expectation.column, expectation)];
    case "inSet":
      return [checkInSet(table, expectation.column, expectation.values)];
    case "unique":
      return [checkUnique(table, expectation.column)];
    case "matches":
      return [checkMatches(table, expectation.column, expectation.pattern, expectation.flags)];
    case "mean":
    case "std":
    case "quantile":
      return [checkStatistic(table, expectation)];
    case "rowCount":
      return [checkRowCount(table, expectation)];
    case "sameDistribution":
      return [checkSameDistribution(table, reference!, expectation.column, expectation)];
    case "noDrift":
      return [checkNoDrift(table, reference!, expectation)];
  }
}

/** The reference, when the suite compares with one; refused up front when missing or empty. */
function usableReference(suite: readonly Expectation[], reference: Table | undefined): Table | undefined {
  const needing = suite.findIndex((e) => e.kind === "sameDistribution" || e.kind === "noDrift");
  if (needing === -1) return undefined;
  const where = `expectation ${needing + 1} (${suite[needing]!.kind})`;
  if (!reference) {
    throw new ConveyorError(
      `${where} compares with a reference dataset, and none was given`,
      "pass one: validateData's reference input, or validateTable(table, suite, { reference })",
      "invalid_param",
    );
  }
  if (reference.rowCount === 0) {
    throw new ConveyorError(
      `${where} compares with a reference dataset that has no rows`,
      "use a reference with rows, usually the training data",
      "invalid_data",
    );
  }
  return reference;
}
