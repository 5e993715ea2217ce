import type { Column } from "../table.ts";

/** The rows where both columns hold a value (a finite number, a string). */
export function presentRows(a: Column, b: Column): number[] {
  const rows: number[] = [];
  for (let r = 0; r < a.values.length; r++) if (isPresent(a, r) && isPresent(b, r)) rows.push(r);
  return rows;
}

function isPresent(column: Column, row: number): boolean {
  return column.type === "number" ? Number.isFinite(column.values[row]) : column.values[row] !== null;
}

/** Pearson's correlation of x and y over the rows; 0 when either is constant there. */
export function pearson(rows: readonly number[], x: Float64Array, y: Float64Array): number {
  let mx = 0;
  let my = 0;
  for (const r of rows) {
    mx += x[r]!;
    my += y[r]!;
  }
  mx /= rows.length;
  my /= rows.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const r of rows) {
    const dx = x[r]! - mx;
    const dy = y[r]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}
