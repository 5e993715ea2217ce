import { ConveyorError } from "../../errors.ts";
import type { Table } from "../table.ts";
import { type ColumnDrift, columnDrift } from "./column-drift.ts";
import { type DriftMethod, driftOptionsProblem } from "./drift-method.ts";
import { findColumn } from "./reference-profile.ts";

export interface DriftOptions {
  /** The columns to compare; every column of the reference by default. */
  readonly columns?: readonly string[];
  /** One method for every column, instead of each column's default (see drift-method.ts). */
  readonly method?: DriftMethod;
  /** The method's threshold, replacing its default; needs `method`. */
  readonly threshold?: number;
  /** The dataset drifts when at least this share of its columns does; 0.5 by default (Evidently's). */
  readonly driftShare?: number;
}

export interface DatasetDrift {
  readonly columns: readonly ColumnDrift[];
  readonly driftedColumns: number;
  /** driftedColumns over the number of columns compared. */
  readonly share: number;
  readonly driftShare: number;
  readonly drifted: boolean;
}

/**
 * Compares the current data with a reference column by column, as Evidently's data drift
 * preset does: each column gets its default test and threshold (or the ones given), and the
 * dataset drifts when at least `driftShare` of the columns do. Missing values are left out
 * on both sides. Refuses, naming what is wrong: an empty table, an unknown column, a column
 * whose values are all missing, and a method that does not fit a column.
 */
export function detectDrift(reference: Table, current: Table, options: DriftOptions = {}): DatasetDrift {
  const { method, threshold, driftShare = 0.5 } = options;
  checkOptions(options, driftShare);
  requireRows(reference, "reference");
  requireRows(current, "current");
  const names = options.columns ?? reference.columns.map((column) => column.name);
  const columns = names.map((name) =>
    columnDrift(findColumn(reference, name, "reference"), findColumn(current, name, "current"), {
      ...(method !== undefined && { method }),
      ...(threshold !== undefined && { threshold }),
    }),
  );
  const driftedColumns = columns.filter((column) => column.drifted).length;
  const share = columns.length === 0 ? 0 : driftedColumns / columns.length;
  return { columns, driftedColumns, share, driftShare, drifted: columns.length > 0 && share >= driftShare };
}

function checkOptions({ method, threshold }: DriftOptions, driftShare: number): void {
  const problem = driftOptionsProblem(method, threshold);
  if (problem) throw invalid(problem, "see DriftMethod in src/ml/drift/drift-method.ts");
  if (!(driftShare > 0 && driftShare <= 1)) {
    throw invalid(`driftShare is ${driftShare}`, "give a share of columns above 0 and at most 1");
  }
}

function requireRows(table: Table, side: "reference" | "current"): void {
  if (table.rowCount > 0) return;
  throw new ConveyorError(
    `the ${side} data has no rows`,
    side === "reference"
      ? "drift is measured against a reference sample: give one with rows (usually the training data)"
      : "there is nothing to compare yet: check the data was loaded",
    "invalid_data",
  );
}

function invalid(message: string, hint: string): ConveyorError {
  return new ConveyorError(message, hint, "invalid_param");
}
