import type { MetadataStore } from "../types.ts";
import type { StoreContext } from "./context.ts";
import { toRunRecord } from "./rows.ts";
import { runNotFound } from "./runs.ts";

/**
 * One conditional UPDATE decides who holds a run, so two processes racing for the same lease
 * cannot both win: the database serializes the updates and re-checks the condition.
 */
export function leaseQueries({ db, location }: StoreContext): Pick<MetadataStore, "acquireLease" | "releaseLease"> {
  return {
    async acquireLease(runId, owner, expiresAt, staleOwners = []) {
      const now = Date.now();
      const taken = await db
        .updateTable("runs")
        .set({ lease_owner: owner, lease_expires_at: expiresAt.getTime() })
        .where("id", "=", runId)
        .where((eb) =>
          eb.or([
            eb("lease_owner", "is", null),
            eb("lease_owner", "=", owner),
            eb("lease_expires_at", "<=", now),
            ...(staleOwners.length > 0 ? [eb("lease_owner", "in", staleOwners)] : []),
          ]),
        )
        .returningAll()
        .executeTakeFirst();
      if (taken) return toRunRecord(taken);
      const run = await db.selectFrom("runs").select("id").where("id", "=", runId).executeTakeFirst();
      if (!run) throw runNotFound(runId, location);
      return undefined;
    },

    async releaseLease(runId, owner) {
      await db
        .updateTable("runs")
        .set({ lease_owner: null, lease_expires_at: null })
        .where("id", "=", runId)
        .where("lease_owner", "=", owner)
        .execute();
    },
  };
}
