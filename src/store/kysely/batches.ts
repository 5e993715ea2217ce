/** Bound parameters stay well under SQLite's 32766 and Postgres's 65535 per statement. */
const ROWS_PER_INSERT = 500;

export function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += ROWS_PER_INSERT) out.push(items.slice(i, i + ROWS_PER_INSERT));
  return out;
}
