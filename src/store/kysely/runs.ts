import type { Kysely } from "kysely";
import { sql } from "./runtime.ts";
import { ConveyorError } from "../../errors.ts";
import { newRunId } from "../ids.ts";
import type { Lease, MetadataStore, RunRecord, RunUpdate } from "../types.ts";
import type { StoreContext } from "./context.ts";
import { checkExperimentName, checkTags } from "../names.ts";
import { batches } from "./batches.ts";
import { insertExperiment } from "./experiments.ts";
import { insertTasks } from "./insert-tasks.ts";
import { paramRows } from "./param-rows.ts";
import { insertPipeline } from "./pipelines.ts";
import { upsertTags } from "./run-tags.ts";
import { runUpdateRow, toJsonText, toRunRecord } from "./rows.ts";
import type { RunRow, Tables } from "./tables.ts";

/** Shortest prefix `findRun` searches by; shorter ones match too many runs to be useful. */
const MIN_PREFIX = 4;

export function runNotFound(id: string, location: string): ConveyorError {
  return new ConveyorError(
    `run "${id}" was not found in ${location}`,
    "list runs with `conveyor runs list`, and check that CONVEYOR_DB and the project folder are the ones the run used",
    "not_found",
  );
}

/**
 * Takes the run's next change number, for the rows a transaction changes; undefined when
 * there is no such run, or with `lease` when the run's lease is no longer it. On PostgreSQL
 * it locks the run's row until the transaction ends, so the run's changes commit in the order
 * of their numbers, and a take-over of the lease waits for them (or they find it taken).
 */
export async function nextRunSeq(db: Kysely<Tables>, id: string, lease?: Lease): Promise<number | undefined> {
  let query = db
    .updateTable("runs")
    .set((eb) => ({ seq: eb("seq", "+", 1) }))
    .where("id", "=", id);
  if (lease) query = query.where("lease_owner", "=", lease.owner).where("lease_epoch", "=", lease.epoch);
  const row = await query.returning("seq").executeTakeFirst();
  return row?.seq;
}

/** Applies a run update within a transaction that took the run's change number already. */
export async function updateRunRow(db: Kysely<Tables>, id: string, update: RunUpdate): Promise<void> {
  const changes = runUpdateRow(update);
  if (Object.keys(changes).length > 0) await db.updateTable("runs").set(changes).where("id", "=", id).execute();
}

export function runQueries(ctx: StoreContext): Pick<MetadataStore, "createRun" | "getRun" | "findRun" | "listRuns" | "updateRun"> {
  const { db, location } = ctx;
  async function getRun(id: string): Promise<RunRecord | undefined> {
    const row = await db.selectFrom("runs").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toRunRecord(row);
  }

  return {
    getRun,

    async createRun(run, tasks) {
      const now = Date.now();
      const experiment = run.experiment ?? run.pipeline.name;
      checkExperimentName(experiment);
      checkTags(run.tags ?? {});
      const row: RunRow = {
        id: newRunId(),
        pipeline_digest: run.pipeline.digest,
        pipeline_name: run.pipeline.name,
        experiment,
        status: "pending",
        params: toJsonText(run.params),
        options: toJsonText(run.options),
        trigger: run.trigger,
        cancel_requested: 0,
        error: null,
        lease_owner: null,
        lease_expires_at: null,
        lease_epoch: 0,
        created_at: now,
        started_at: null,
        ended_at: null,
        seq: 1,
      };
      await db.transaction().execute(async (trx) => {
        await insertPipeline(trx, run.pipeline, now);
        await insertExperiment(trx, experiment, now);
        await trx.insertInto("runs").values(row).execute();
        for (const batch of batches(paramRows(row.id, run.params))) await trx.insertInto("run_params").values(batch).execute();
        await upsertTags(trx, row.id, run.tags ?? {});
        if (run.context) await trx.insertInto("run_context").values({ run_id: row.id, context: JSON.stringify(run.context) }).execute();
        await insertTasks(ctx, trx, row.id, tasks, now, row.seq);
      });
      return toRunRecord(row);
    },

    async findRun(idOrPrefix) {
      const wanted = idOrPrefix.trim().toLowerCase();
      const exact = await getRun(wanted);
      if (exact || wanted.length < MIN_PREFIX) return exact;
      const rows = await db
        .selectFrom("runs")
        .selectAll()
        .where(sql<string>`substr(id, 1, ${sql.lit(wanted.length)})`, "=", wanted)
        .orderBy("id", "desc")
        .limit(6)
        .execute();
      if (rows.length > 1) {
        const shown = rows.slice(0, 5).map((r) => r.id);
        throw new ConveyorError(
          `run id prefix "${idOrPrefix}" matches several runs in ${location}: ${shown.join(", ")}${rows.length > 5 ? ", ..." : ""}`,
          "type more characters of the run id",
          "ambiguous_id",
        );
      }
      return rows[0] && toRunRecord(rows[0]);
    },

    async listRuns(filter = {}) {
      let query = db.selectFrom("runs").selectAll().orderBy("id", "desc");
      if (filter.pipelineName !== undefined) query = query.where("pipeline_name", "=", filter.pipelineName);
      if (filter.status !== undefined) query = query.where("status", "=", filter.status);
      if (filter.before !== undefined) query = query.where("id", "<", filter.before);
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      return (await query.execute()).map(toRunRecord);
    },

    async updateRun(id, update) {
      return db.transaction().execute(async (trx) => {
        if ((await nextRunSeq(trx, id)) === undefined) throw runNotFound(id, location);
        await updateRunRow(trx, id, update);
        return toRunRecord(await trx.selectFrom("runs").selectAll().where("id", "=", id).executeTakeFirstOrThrow());
      });
    },
  };
}
