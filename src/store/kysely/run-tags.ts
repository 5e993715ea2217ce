import type { Kysely } from "kysely";
import { ConveyorError } from "../../errors.ts";
import { canonicalJson } from "../../ir/canonical.ts";
import { checkTags } from "../names.ts";
import type { TrackingStore } from "../tracking-types.ts";
import type { Json } from "../../json.ts";
import { batches } from "./batches.ts";
import type { StoreContext } from "./context.ts";
import { paramRows } from "./param-rows.ts";
import { runNotFound } from "./runs.ts";
import type { Tables } from "./tables.ts";

/** Adds or replaces tags of a run; `db` should be a transaction when there are many. */
export async function upsertTags(db: Kysely<Tables>, runId: string, tags: Record<string, string>): Promise<void> {
  const rows = Object.entries(tags).map(([key, value]) => ({ run_id: runId, key, value }));
  for (const batch of batches(rows)) {
    await db
      .insertInto("run_tags")
      .values(batch)
      .onConflict((oc) => oc.columns(["run_id", "key"]).doUpdateSet((eb) => ({ value: eb.ref("excluded.value") })))
      .execute();
  }
}

export function runTagQueries({
  db,
  location,
}: StoreContext): Pick<TrackingStore, "setRunTags" | "getRunTags" | "logParams" | "getRunContext"> {
  async function runParams(trx: Kysely<Tables>, runId: string): Promise<Record<string, Json>> {
    const row = await trx.selectFrom("runs").select("params").where("id", "=", runId).executeTakeFirst();
    if (!row) throw runNotFound(runId, location);
    return JSON.parse(row.params) as Record<string, Json>;
  }

  return {
    async setRunTags(runId, tags) {
      checkTags(tags);
      await db.transaction().execute(async (trx) => {
        const run = await trx.selectFrom("runs").select("id").where("id", "=", runId).executeTakeFirst();
        if (!run) throw runNotFound(runId, location);
        await upsertTags(trx, runId, tags);
      });
    },

    async getRunTags(runId) {
      const rows = await db.selectFrom("run_tags").select(["key", "value"]).where("run_id", "=", runId).orderBy("key").execute();
      return Object.fromEntries(rows.map((r) => [r.key, r.value]));
    },

    async logParams(runId, params) {
      await db.transaction().execute(async (trx) => {
        const current = await runParams(trx, runId);
        const added: Record<string, Json> = {};
        for (const [name, value] of Object.entries(params)) {
          const had = current[name];
          if (had === undefined) added[name] = value;
          else if (canonicalJson(had) !== canonicalJson(value)) {
            throw new ConveyorError(
              `parameter "${name}" of run ${runId} is already ${canonicalJson(had)}; it cannot become ${canonicalJson(value)}`,
              "a run's parameters do not change once logged: start a new run for other values",
              "param_conflict",
            );
          }
        }
        if (Object.keys(added).length === 0) return;
        await trx
          .updateTable("runs")
          .set({ params: JSON.stringify({ ...current, ...added }) })
          .where("id", "=", runId)
          .execute();
        for (const batch of batches(paramRows(runId, added))) await trx.insertInto("run_params").values(batch).execute();
      });
    },

    async getRunContext(runId) {
      const row = await db.selectFrom("run_context").select("context").where("run_id", "=", runId).executeTakeFirst();
      return row && JSON.parse(row.context);
    },
  };
}
