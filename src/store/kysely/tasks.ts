import type { Kysely } from "kysely";
import type { MetadataStore, TaskUpdate } from "../types.ts";
import type { StoreContext } from "./context.ts";
import { inWindow } from "./list-window.ts";
import { endAttempt, insertAttempt } from "./attempts.ts";
import { insertTasks } from "./insert-tasks.ts";
import { copySourceMetrics } from "./latest-metrics.ts";
import { insertLineage } from "./lineage.ts";
import { taskUpdateRow, toRunRecord, toTaskRecord } from "./rows.ts";
import { writeRefused } from "./leases.ts";
import { nextRunSeq, updateRunRow } from "./runs.ts";
import type { Tables } from "./tables.ts";

/** False when the task does not exist in the run. */
async function updateTaskRow(db: Kysely<Tables>, runId: string, update: TaskUpdate, seq: number): Promise<boolean> {
  const result = await db
    .updateTable("tasks")
    .set({ ...taskUpdateRow(update), seq })
    .where("id", "=", update.taskId)
    .where("run_id", "=", runId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
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
        for (const update of updates) {
          // An engine bug, not a user error; throwing rolls back the whole transition.
          if (!(await updateTaskRow(trx, runId, update, seq))) {
            throw new Error(`transition: task ${update.taskId} is not a task of run ${runId} in ${location}`);
          }
        }
        if (run) await updateRunRow(trx, runId, run);
        for (const f of effects.finishAttempts ?? []) await endAttempt(trx, location, f.id, f.status, f.error);
        if (effects.lineage?.length) await insertLineage(trx, effects.lineage);
        const cached = updates.flatMap((u) => (u.status === "cached" && u.cachedFromTaskId ? [u.taskId] : []));
        if (cached.length > 0) await copySourceMetrics(runId, cached).execute(trx);
        const attempts = [];
        for (const s of effects.startAttempts ?? []) attempts.push(await insertAttempt(trx, s.taskId, s.number));
        return { attempts };
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
