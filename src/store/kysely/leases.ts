import type { Kysely } from "kysely";
import { ConveyorError } from "../../errors.ts";
import type { MetadataStore } from "../types.ts";
import type { StoreContext } from "./context.ts";
import { toRunRecord } from "./rows.ts";
import { runNotFound } from "./runs.ts";
import type { Tables } from "./tables.ts";

/** What a write fenced by `lease` throws when the run's lease is no longer it. */
export function leaseLost(runId: string, location: string, holder: string | null): ConveyorError {
  return new ConveyorError(
    `this process no longer holds the lease of run ${runId} in ${location}: ${holder ? `${holder} took the run over` : "the run was taken over or ended since"}, so this process stopped driving it and recorded nothing more`,
    `a process that stalls longer than its lease loses its run to \`conveyor resume\` or \`conveyor cancel\`; see where the run is with \`conveyor runs show ${runId}\``,
    "lease_lost",
  );
}

/** Why a write fenced by a lease (or not) found no run row to change: no such run, or the lease is gone. */
export async function writeRefused(db: Kysely<Tables>, runId: string, location: string): Promise<ConveyorError> {
  const run = await db.selectFrom("runs").select("lease_owner").where("id", "=", runId).executeTakeFirst();
  return run ? leaseLost(runId, location, run.lease_owner) : runNotFound(runId, location);
}

/**
 * One conditional UPDATE decides who holds a run, so two processes racing for the same lease
 * cannot both win: the database serializes the updates and re-checks the condition.
 */
export function leaseQueries({ db, location }: StoreContext): Pick<MetadataStore, "acquireLease" | "renewLease" | "releaseLease"> {
  return {
    async acquireLease(runId, owner, expiresAt, staleOwners = []) {
      const now = Date.now();
      const taken = await db
        .updateTable("runs")
        .set((eb) => ({ lease_owner: owner, lease_expires_at: expiresAt.getTime(), lease_epoch: eb("lease_epoch", "+", 1) }))
        .where("id", "=", runId)
        .where((eb) =>
          eb.or([
            eb("lease_owner", "is", null),
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

    async renewLease(runId, lease, expiresAt) {
      const renewed = await db
        .updateTable("runs")
        .set({ lease_expires_at: expiresAt.getTime() })
        .where("id", "=", runId)
        .where("lease_owner", "=", lease.owner)
        .where("lease_epoch", "=", lease.epoch)
        .returningAll()
        .executeTakeFirst();
      if (renewed) return toRunRecord(renewed);
      const run = await db.selectFrom("runs").select("lease_owner").where("id", "=", runId).executeTakeFirst();
      throw leaseLost(runId, location, run?.lease_owner ?? null);
    },

    async releaseLease(runId, lease) {
      await db
        .updateTable("runs")
        .set({ lease_owner: null, lease_expires_at: null })
        .where("id", "=", runId)
        .where("lease_owner", "=", lease.owner)
        .where("lease_epoch", "=", lease.epoch)
        .execute();
    },
  };
}
