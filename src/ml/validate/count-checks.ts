import type { Expectation, ExpectationKind } from "./expectation.ts";

/**
 * How many checks a suite makes, counted as a validation report counts them (a schema
 * expectation is one check per column it names), in total and per kind, e.g. for a log line.
 */
export function countChecks(suite: readonly Expectation[]): { total: number; byKind: Partial<Record<ExpectationKind, number>> } {
  const byKind: Partial<Record<ExpectationKind, number>> = {};
  let total = 0;
  for (const expectation of suite) {
    const checks = expectation.kind === "schema" ? Object.keys(expectation.columns).length : 1;
    byKind[expectation.kind] = (byKind[expectation.kind] ?? 0) + checks;
    total += checks;
  }
  return { total, byKind };
}
