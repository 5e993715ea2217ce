import type { Kysely } from "kysely";
import type { MetadataStore, TaskUpdate } from "../types.ts";
import type { StoreContext } from "./context.ts";
import { endAttempt, insertAttempt } from "./attempts.ts";
import { insertTasks } from "./insert-tasks.ts";
import { copyLatestMetrics } from "./latest-metrics.ts";
import { insertLineage } from "./lineage.ts";
import { taskUpdateRow, toTaskRecord } from "./rows.ts";
import { runNotFound, updateRunRow } from "./runs.ts";
import type { Tables } from "./tables.ts";

/** False when the task does not exist in the run. */
async function updateTaskRow(db: Kysely<Tables>, runId: string, update: TaskUpdate): Promise<boolean> {
  const changes = taskUpdateRow(update);
  if (Object.keys(changes).length === 0) {
    const row = await db
      .selectFrom("tasks")
      .select("id")
      .where("id", "=", update.taskId)
      .where("run_id", "=", runId)
      .executeTakeFirst();
    return row !== undefined;
  }
  const result = await db
    .updateTable("tasks")
    .set(changes)
    .where("id", "=", update.taskId)
    .where("run_id", "=", runId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export function taskQueries({
  db,
  location,
}: StoreContext): Pick<
  MetadataStore,
  "listTasks" | "getTask" | "addTasks" | "transition" | "findCacheHit" | "findPreviousTask"
> {
  return {
    async listTasks(runId) {
      const rows = await db.selectFrom("tasks").selectAll().where("run_id", "=", runId).orderBy("id").execute();
      return rows.map(toTaskRecord);
    },

    async getTask(id) {
      const row = await db.selectFrom("tasks").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toTaskRecord(row);
    },

    async addTasks(runId, tasks) {
      return db.transaction().execute((trx) => insertTasks(trx, runId, tasks, Date.now()));
    },

    async transition(runId, updates, run, effects = {}) {
      return db.transaction().execute(async (trx) => {
        for (const update of updates) {
          // An engine bug, not a user error; throwing rolls back the whole transition.
          if (!(await updateTaskRow(trx, runId, update))) {
            throw new Error(`transition: task ${update.taskId} is not a task of run ${runId} in ${location}`);
          }
        }
        if (run && !(await updateRunRow(trx, runId, run))) throw runNotFound(runId, location);
        for (const f of effects.finishAttempts ?? []) await endAttempt(trx, location, f.id, f.status, f.error);
        if (effects.lineage?.length) await insertLineage(trx, effects.lineage);
        const sources = updates.flatMap((u) => (u.status === "cached" && u.cachedFromTaskId ? [u.cachedFromTaskId] : []));
        await copyLatestMetrics(trx, runId, sources);
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
        .where("status", "=", "succeeded")
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
