import type { ReportedValue } from "./expectation.ts";

// Enough rows to find the problem in the data, few enough to keep reports small.
const shownRows = 5;

/** Counts the rows failing `fails`, keeping the first few of them. */
export function findFailingRows(rowCount: number, fails: (row: number) => boolean): { count: number; first: number[] } {
  const first: number[] = [];
  let count = 0;
  for (let row = 0; row < rowCount; row++) {
    if (!fails(row)) continue;
    count++;
    if (first.length < shownRows) first.push(row);
  }
  return { count, first };
}

/** The result fields that blame rows: none when nothing failed, else the rows and their values. */
export function blameRows(
  first: readonly number[],
  values: ArrayLike<ReportedValue>,
): { failingRows?: readonly number[]; failingValues?: readonly ReportedValue[] } {
  if (first.length === 0) return {};
  return { failingRows: first, failingValues: first.map((row) => values[row] ?? null) };
}
