import type { Kysely } from "kysely";
import type { Tables } from "./tables.ts";

/** Bound parameters stay well under SQLite's 32766 and Postgres's 65535 per statement. */
const ROWS_PER_INSERT = 500;

export function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += ROWS_PER_INSERT) out.push(items.slice(i, i + ROWS_PER_INSERT));
  return out;
}

/** `insertRows` as one Kysely insert per batch of rows. */
export async function insertRowsInBatches<T extends keyof Tables>(trx: Kysely<Tables>, table: T, rows: readonly Tables[T][]): Promise<void> {
  for (const batch of batches(rows)) await trx.insertInto(table).values(batch as never).execute();
}
