import { type Kysely, sql } from "kysely";
import type { MetadataStore, TaskUpdate } from "../types.ts";
import type { StoreContext } from "./context.ts";
import { inWindow } from "./list-window.ts";
import { endAttempts, insertAttempts } from "./attempts.ts";
import { batches } from "./batches.ts";
import { insertTasks } from "./insert-tasks.ts";
import { copySourceMetrics } from "./latest-metrics.ts";
import { insertLineage } from "./lineage.ts";
import { TASK_UPDATE_COLUMNS, taskUpdateRow, toRunRecord, toTaskRecord } from "./rows.ts";
import { writeRefused } from "./leases.ts";
import { nextRunSeq, updateRunRow } from "./runs.ts";
import type { Tables } from "./tables.ts";

const JSON_COLUMNS: ReadonlySet<string> = new Set(TASK_UPDATE_COLUMNS.filter((c) => c.json).map((c) => c.column));

/**
 * Updates the tasks of a transition, one statement for the updates that set the same columns
 * (a pass's successes, a pass's starts): their values are one JSON parameter, typed by the
 * table's own row type. With a database across the network each statement is a round trip,
 * and a fan-out's pass holds hundreds. Postgres's: SQLite's store has a transition of its own.
 * Returns the number of updates that found no task of the run.
 */
async function updateTaskRows(db: Kysely<Tables>, runId: string, updates: readonly TaskUpdate[], seq: number): Promise<number> {
  // Two updates of one task apply in order, as one.
  const byTask = new Map<string, Record<string, unknown>>();
  for (const update of updates) byTask.set(update.taskId, { ...byTask.get(update.taskId), ...taskUpdateRow(update), id: update.taskId });
  const alike = new Map<string, Record<string, unknown>[]>();
  for (const row of byTask.values()) {
    const columns = Object.keys(row).sort().join(",");
    alike.set(columns, [...(alike.get(columns) ?? []), row]);
  }
  let missing = 0;
  for (const rows of alike.values()) {
    const columns = Object.keys(rows[0] as object).filter((c) => c !== "id");
    // A JSON column's value is its JSON text: a JSON string in the parameter, parsed here.
    const value = (c: string) => (JSON_COLUMNS.has(c) ? sql`(v.${sql.id(c)} #>> '{}')::jsonb` : sql`v.${sql.id(c)}`);
    const set = sql.join([...columns.map((c) => sql`${sql.id(c)} = ${value(c)}`), sql`seq = ${seq}`]);
    for (const batch of batches(rows)) {
      const result = await sql`update tasks as t set ${set} from jsonb_populate_recordset(null::tasks, ${JSON.stringify(batch)}::jsonb) as v
        where t.id = v.id and t.run_id = ${runId}`.execute(db);
      missing += batch.length - Number(result.numAffectedRows ?? 0);
    }
  }
  return missing;
}

export function taskQueries(ctx: StoreContext): Pick<
  MetadataStore,
  "listTasks" | "runChanges" | "getTask" | "addTasks" | "transition" | "findCacheHit" | "findPreviousTask"
> {
  const { db, location } = ctx;
  return {
    async listTasks(runId, window) {
      const rows = await inWindow(db.selectFrom("tasks").selectAll().where("run_id", "=", runId).orderBy("id"), window).execute();
      return rows.map(toTaskRecord);
    },

    async runChanges(runId, afterSeq) {
      const run = await db.selectFrom("runs").selectAll().where("id", "=", runId).executeTakeFirst();
      if (!run) return undefined;
      // Changes numbered after the run's read are left for the next call: a run's changes
      // commit in number order, so everything up to run.seq has committed and is read now.
      let tasks = db.selectFrom("tasks").selectAll().where("run_id", "=", runId).where("seq", "<=", run.seq);
      if (afterSeq !== undefined) tasks = tasks.where("seq", ">", afterSeq);
      return { run: toRunRecord(run), seq: run.seq, tasks: (await tasks.orderBy("id").execute()).map(toTaskRecord) };
    },

    async getTask(id) {
      const row = await db.selectFrom("tasks").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toTaskRecord(row);
    },

    async addTasks(runId, tasks, lease) {
      return db.transaction().execute(async (trx) => {
        const seq = await nextRunSeq(trx, runId, lease);
        if (seq === undefined) throw await writeRefused(trx, runId, location);
        return insertTasks(ctx, trx, runId, tasks, Date.now(), seq);
      });
    },

    async transition(runId, updates, run, effects = {}, lease) {
      return db.transaction().execute(async (trx) => {
        // The lease is checked in the statement that takes the change number: with it, the whole
        // transaction applies or nothing does.
        const seq = await nextRunSeq(trx, runId, lease);
        if (seq === undefined) throw await writeRefused(trx, runId, location);
        // An engine bug, not a user error; throwing rolls back the whole transition.
        const missing = await updateTaskRows(trx, runId, updates, seq);
        if (missing > 0) throw new Error(`transition: ${missing} of tasks ${updates.map((u) => u.taskId).join(", ")} are not tasks of run ${runId} in ${location}`);
        if (run) await updateRunRow(trx, runId, run);
        if (effects.finishAttempts?.length) await endAttempts(trx, location, effects.finishAttempts);
        if (effects.lineage?.length) await insertLineage(trx, effects.lineage);
        const cached = updates.flatMap((u) => (u.status === "cached" && u.cachedFromTaskId ? [u.taskId] : []));
        if (cached.length > 0) await copySourceMetrics(runId, cached).execute(trx);
        // One statement for a pass's starts: with a database across the network, each is a round trip.
        return { attempts: effects.startAttempts?.length ? await insertAttempts(trx, effects.startAttempts) : [] };
      });
    },

    async findCacheHit(cacheKey, excludeRunId) {
      let query = db
        .selectFrom("tasks")
        .selectAll()
        .where("cache_key", "=", cacheKey)
        .where("status", "in", ["succeeded", "cached"])
        .orderBy("id", "desc")
        .limit(1);
      if (excludeRunId !== undefined) query = query.where("run_id", "!=", excludeRunId);
      const row = await query.executeTakeFirst();
      return row && toTaskRecord(row);
    },

    async findPreviousTask(pipelineName, node, beforeRunId) {
      const row = await db
        .selectFrom("tasks")
        .innerJoin("runs", "runs.id", "tasks.run_id")
        .selectAll("tasks")
        .where("runs.pipeline_name", "=", pipelineName)
        .where("runs.id", "<", beforeRunId)
        .where("tasks.node", "=", node)
        .orderBy("runs.id", "desc")
        .orderBy("tasks.id", "desc")
        .limit(1)
        .executeTakeFirst();
      return row && toTaskRecord(row);
    },
  };
}
