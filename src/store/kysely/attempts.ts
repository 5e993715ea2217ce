import { newId } from "../ids.ts";
import type { Kysely } from "kysely";
import type { AttemptRecord, AttemptStatus, MetadataStore } from "../types.ts";
import type { StoreContext } from "./context.ts";
import { batches } from "./batches.ts";
import { inWindow } from "./list-window.ts";
import { toAttemptRecord } from "./rows.ts";
import type { AttemptRow, Tables } from "./tables.ts";

/** Inserts running attempts in one statement per batch; `db` may be a transaction. */
export async function insertAttempts(db: Kysely<Tables>, starts: readonly { taskId: string; number: number }[]): Promise<AttemptRecord[]> {
  const now = Date.now();
  const rows: AttemptRow[] = starts.map((s) => ({ id: newId(), task_id: s.taskId, number: s.number, status: "running", error: null, started_at: now, ended_at: null }));
  for (const batch of batches(rows)) await db.insertInto("attempts").values(batch).execute();
  return rows.map(toAttemptRecord);
}

/**
 * Ends attempts, one statement for those ending alike (a pass's successes, say); throws for an
 * unknown one, rolling back the transaction `db` is (only the engine knows attempt ids: a bug).
 */
export async function endAttempts(
  db: Kysely<Tables>,
  location: string,
  ends: readonly { id: string; status: Exclude<AttemptStatus, "running">; error: string | null }[],
): Promise<void> {
  const alike = new Map<string, { status: Exclude<AttemptStatus, "running">; error: string | null; ids: string[] }>();
  for (const end of ends) {
    const key = JSON.stringify([end.status, end.error]);
    const group = alike.get(key) ?? { status: end.status, error: end.error, ids: [] };
    group.ids.push(end.id);
    alike.set(key, group);
  }
  const now = Date.now();
  for (const { status, error, ids } of alike.values()) {
    for (const batch of batches(ids)) {
      const result = await db.updateTable("attempts").set({ status, error, ended_at: now }).where("id", "in", batch).executeTakeFirst();
      if (result.numUpdatedRows !== BigInt(new Set(batch).size)) throw new Error(`finishAttempt: an attempt of ${batch.join(", ")} is not in ${location}`);
    }
  }
}

export function attemptQueries({
  db,
  location,
}: StoreContext): Pick<MetadataStore, "startAttempt" | "finishAttempt" | "listAttempts" | "listRunAttempts" | "listRunningAttempts"> {
  return {
    startAttempt: async (taskId, number) => (await insertAttempts(db, [{ taskId, number }]))[0] as AttemptRecord,

    finishAttempt: (id, status, error) => endAttempts(db, location, [{ id, status, error }]),

    async listAttempts(taskId, window) {
      const rows = await inWindow(db.selectFrom("attempts").selectAll().where("task_id", "=", taskId).orderBy("number"), window).execute();
      return rows.map(toAttemptRecord);
    },

    async listRunAttempts(runId, window) {
      const attempts = db
        .selectFrom("attempts")
        .innerJoin("tasks", "tasks.id", "attempts.task_id")
        .selectAll("attempts")
        .select("tasks.name as task_name")
        .where("tasks.run_id", "=", runId)
        // Ids sort in creation order, so a retry starting later comes last: pages stay right.
        .orderBy("attempts.id");
      const rows = await inWindow(attempts, window).execute();
      return rows.map(({ task_name, ...row }) => ({ ...toAttemptRecord(row), taskName: task_name }));
    },

    async listRunningAttempts(runId) {
      const rows = await db
        .selectFrom("attempts")
        .innerJoin("tasks", "tasks.id", "attempts.task_id")
        .selectAll("attempts")
        .where("tasks.run_id", "=", runId)
        .where("attempts.status", "=", "running")
        .orderBy("attempts.id")
        .execute();
      return rows.map(toAttemptRecord);
    },
  };
}
