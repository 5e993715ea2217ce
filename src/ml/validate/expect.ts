import type { DriftMethod } from "../drift/drift-method.ts";
import type { ColumnType } from "../table.ts";
import type { Expectation } from "./expectation.ts";

/**
 * Builders for suites written in TypeScript. Each returns the plain object a JSON suite
 * would hold, so built and hand-written expectations mix freely, and validateTable checks
 * both the same way (by position in the suite):
 *
 *   const suite: Expectation[] = [
 *     expect.rowCount(1_000, 1_000_000),
 *     expect.column("age").hasType("number"),
 *     expect.column("age").notNull(),
 *     expect.column("age").between(0, 120),
 *     expect.column("plan").inSet(["free", "pro", "team"]),
 *     expect.column("email").notNull({ mostly: 0.95 }),
 *     expect.column("email").matches(/^[^@\s]+@[^@\s]+$/),
 *     expect.column("user_id").unique(),
 *     expect.column("income").quantileBetween(0.5, 20_000, 90_000),
 *     expect.column("income").sameDistribution(),
 *     expect.noDrift({ driftShare: 0.3 }),
 *   ];
 *   const report = validateTable(table, suite, { reference: trainingTable });
 *
 * Bounds are inclusive; pass undefined for an open side: between(0, undefined).
 */
export const expect = {
  column: (name: string) => columnExpectations(name),
  rowCount: (min: number | undefined, max?: number): Expectation => ({ kind: "rowCount", ...bounds(min, max) }),
  /** Fewer than `driftShare` (default 0.5) of the columns drift from the reference. */
  noDrift: (
    options: { columns?: readonly string[]; method?: DriftMethod; threshold?: number; driftShare?: number } = {},
  ): Expectation => ({
    kind: "noDrift",
    ...options,
  }),
};

function columnExpectations(column: string) {
  return {
    exists: (): Expectation => ({ kind: "exists", column }),
    hasType: (type: ColumnType): Expectation => ({ kind: "schema", columns: { [column]: type } }),
    /** `mostly`: the fraction of rows that must have a value; 1 by default. */
    notNull: (options: { mostly?: number } = {}): Expectation => ({ kind: "notNull", column, ...options }),
    between: (min: number | undefined, max?: number): Expectation => ({ kind: "range", column, ...bounds(min, max) }),
    inSet: (values: readonly (string | number)[]): Expectation => ({ kind: "inSet", column, values }),
    unique: (): Expectation => ({ kind: "unique", column }),
    /** A RegExp's g and y flags are dropped: each value is tested on its own. */
    matches: (pattern: RegExp | string): Expectation =>
      typeof pattern === "string"
        ? { kind: "matches", column, pattern }
        : { kind: "matches", column, pattern: pattern.source, ...flagsOf(pattern) },
    meanBetween: (min: number | undefined, max?: number): Expectation => ({
      kind: "mean",
      column,
      ...bounds(min, max),
    }),
    stdBetween: (min: number | undefined, max?: number): Expectation => ({ kind: "std", column, ...bounds(min, max) }),
    quantileBetween: (q: number, min: number | undefined, max?: number): Expectation => ({
      kind: "quantile",
      column,
      q,
      ...bounds(min, max),
    }),
    /** No drift from the reference: the column's default test, or the given method and threshold. */
    sameDistribution: (options: { method?: DriftMethod; threshold?: number } = {}): Expectation => ({
      kind: "sameDistribution",
      column,
      ...options,
    }),
  };
}

function bounds(min: number | undefined, max: number | undefined): { min?: number; max?: number } {
  return { ...(min !== undefined && { min }), ...(max !== undefined && { max }) };
}

function flagsOf(pattern: RegExp): { flags?: string } {
  const flags = pattern.flags.replace(/[gy]/g, "");
  return flags === "" ? {} : { flags };
}
