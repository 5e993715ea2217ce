import type { DriftMethod } from "../drift/drift-method.ts";
import type { ColumnType } from "../table.ts";

/**
 * One declarative data check. Plain JSON, so a suite can live in a file or be a pipeline
 * parameter and still be hashed into a cache key; parse-expectations.ts checks JSON input
 * and expect.ts builds the same objects in TypeScript. Bounds (min, max) are inclusive and
 * either may be left out. Row-wise checks skip missing values: absence is notNull's job.
 */
export type Expectation =
  /** The column is present. */
  | { readonly kind: "exists"; readonly column: string }
  /** Each named column is present with the given type; other columns are allowed. */
  | { readonly kind: "schema"; readonly columns: Readonly<Record<string, ColumnType>> }
  | {
      readonly kind: "notNull";
      readonly column: string;
      /** Fraction of rows that must be present; default 1. */
      readonly mostly?: number;
    }
  /** Every present value lies within the bounds. */
  | { readonly kind: "range"; readonly column: string; readonly min?: number; readonly max?: number }
  /** Every present value is one of `values`. */
  | { readonly kind: "inSet"; readonly column: string; readonly values: readonly (string | number)[] }
  /** No present value occurs twice. */
  | { readonly kind: "unique"; readonly column: string }
  /** Every present string contains a match of the regular expression (anchor it with ^...$ for a full match). */
  | { readonly kind: "matches"; readonly column: string; readonly pattern: string; readonly flags?: string }
  /** The mean of the present values lies within the bounds. */
  | { readonly kind: "mean"; readonly column: string; readonly min?: number; readonly max?: number }
  /** The sample standard deviation (ddof 1) of the present values lies within the bounds. */
  | { readonly kind: "std"; readonly column: string; readonly min?: number; readonly max?: number }
  /** The q-quantile (numpy's linear method) of the present values lies within the bounds. */
  | {
      readonly kind: "quantile";
      readonly column: string;
      readonly q: number;
      readonly min?: number;
      readonly max?: number;
    }
  | { readonly kind: "rowCount"; readonly min?: number; readonly max?: number }
  /**
   * The column has not drifted from the reference dataset's: src/ml/drift's test for the
   * column (Evidently's default unless `method` is given) does not flag drift.
   */
  | {
      readonly kind: "sameDistribution";
      readonly column: string;
      readonly method?: DriftMethod;
      readonly threshold?: number;
    }
  /**
   * The dataset has not drifted: fewer than `driftShare` (default 0.5, Evidently's) of the
   * columns (default: all of the reference's) fail sameDistribution.
   */
  | {
      readonly kind: "noDrift";
      readonly columns?: readonly string[];
      readonly method?: DriftMethod;
      readonly threshold?: number;
      readonly driftShare?: number;
    };

export type ExpectationKind = Expectation["kind"];

/** A value of the data as a report shows it; null for a missing value. */
export type ReportedValue = number | string | null;

export interface ExpectationResult {
  readonly expectation: ExpectationKind;
  readonly column?: string;
  /** What was required, in words, for the report. */
  readonly expected: string;
  readonly observed: Readonly<Record<string, ReportedValue>>;
  readonly passed: boolean;
  /** The first few offending row indices (0-based), when rows can be blamed. */
  readonly failingRows?: readonly number[];
  /** The values in those rows, in the same order, where the value is the problem. */
  readonly failingValues?: readonly ReportedValue[];
}

export interface ValidationReport {
  readonly passed: boolean;
  readonly results: readonly ExpectationResult[];
}
