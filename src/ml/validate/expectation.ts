import type { ColumnType } from "../table.ts";

/**
 * One declarative data check. Plain JSON, so a suite can live in a file or be a
 * pipeline parameter and still be hashed into a cache key.
 */
export type Expectation =
  | { readonly kind: "schema"; readonly columns: Readonly<Record<string, ColumnType>> }
  | {
      readonly kind: "notNull";
      readonly column: string /** Fraction of rows that must be present; default 1. */;
      readonly mostly?: number;
    }
  | {
      readonly kind: "range";
      readonly column: string;
      readonly min?: number;
      readonly max?: number;
    }
  | { readonly kind: "rowCount"; readonly min?: number; readonly max?: number };

export interface ExpectationResult {
  readonly expectation: Expectation["kind"];
  readonly column?: string;
  /** What was required, in words, for the report. */
  readonly expected: string;
  readonly observed: Readonly<Record<string, number | string | null>>;
  readonly passed: boolean;
  /** The first few offending row indices (0-based), when rows can be blamed. */
  readonly failingRows?: readonly number[];
}

export interface ValidationReport {
  readonly passed: boolean;
  readonly results: readonly ExpectationResult[];
}
