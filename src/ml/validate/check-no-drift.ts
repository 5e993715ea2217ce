import type { Table } from "../table.ts";
import { checkSameDistribution } from "./check-same-distribution.ts";
import type { Expectation, ExpectationResult } from "./expectation.ts";

/** Evidently's dataset rule: the data drifts when at least half its columns do. */
const defaultDriftShare = 0.5;

/**
 * Fewer than `driftShare` of the columns (all of the reference's by default) fail
 * sameDistribution. A column the checked data lacks, or has no values in, counts as drifted.
 */
export function checkNoDrift(
  table: Table,
  reference: Table,
  { columns, method, threshold, driftShare = defaultDriftShare }: Extract<Expectation, { kind: "noDrift" }>,
): ExpectationResult {
  const names = columns ?? reference.columns.map((column) => column.name);
  const options = { ...(method !== undefined && { method }), ...(threshold !== undefined && { threshold }) };
  const drifted = names.filter((name) => !checkSameDistribution(table, reference, name, options).passed);
  const share = names.length === 0 ? 0 : drifted.length / names.length;
  return {
    expectation: "noDrift",
    expected: `fewer than ${driftShare * 100}% of ${names.length} columns drifting from the reference`,
    observed: { drifted: drifted.length, share, driftedColumns: drifted.join(", ") },
    passed: share < driftShare,
  };
}
