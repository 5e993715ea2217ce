import type { Kysely, Transaction } from "kysely";
import type { Tables } from "./tables.ts";

/** Thrown to roll a dry run back, carrying what the real run would have returned. */
class DryRun<T> extends Error {
  constructor(readonly result: T) {
    super("dry run");
  }
}

/** Runs `body` in a transaction that commits, or with `dryRun` always rolls back, returning the same result. */
export async function maybeDry<T>(db: Kysely<Tables>, dryRun: boolean, body: (trx: Transaction<Tables>) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(async (trx) => {
      const result = await body(trx);
      if (dryRun) throw new DryRun(result);
      return result;
    });
  } catch (error) {
    if (error instanceof DryRun) return error.result as T;
    throw error;
  }
}
