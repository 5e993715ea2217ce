import { type ColumnDriftOptions, columnDrift } from "../drift/column-drift.ts";
import { type DriftMethod, isPValueMethod } from "../drift/drift-method.ts";
import { isMissing, type Table } from "../table.ts";
import type { ExpectationResult } from "./expectation.ts";
import { missingColumnResult } from "./missing-column.ts";
import { referenceColumn } from "./reference-column.ts";

/**
 * The column has not drifted from the reference's (see src/ml/drift/column-drift.ts). In the
 * checked data, an absent column, a different type or no values at all fail the check; in the
 * reference they stop validation, since they make the reference unusable for every dataset.
 */
export function checkSameDistribution(
  table: Table,
  reference: Table,
  column: string,
  options: ColumnDriftOptions,
): ExpectationResult {
  const base = referenceColumn(reference, column);
  const expected = "no drift from the reference";
  const missing = missingColumnResult(table, "sameDistribution", column, expected);
  if (missing) return missing;
  const current = table.columns.find((c) => c.name === column)!;
  const failed = (observed: ExpectationResult["observed"]) =>
    ({ expectation: "sameDistribution", column, expected, observed, passed: false }) as const;
  if (current.type !== base.type) return failed({ type: current.type, referenceType: base.type });
  let present = 0;
  for (let row = 0; row < table.rowCount; row++) if (!isMissing(current, row)) present++;
  if (present === 0) return failed({ present: 0 });

  const drift = columnDrift(base, current, options);
  return {
    expectation: "sameDistribution",
    column,
    expected: `${expected} (${describeVerdict(drift.method, drift.threshold)})`,
    observed: { method: drift.method, statistic: drift.statistic, pValue: drift.pValue },
    passed: !drift.drifted,
  };
}

/** What passing means for the method, with Evidently's edges (see drift-method.ts). */
function describeVerdict(method: DriftMethod, threshold: number): string {
  if (method === "ks") return `ks p-value above ${threshold}`;
  if (isPValueMethod(method)) return `${method} p-value at least ${threshold}`;
  return `${method} distance below ${threshold}`;
}
