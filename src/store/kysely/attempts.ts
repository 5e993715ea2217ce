import { newId } from "../ids.ts";
import type { Kysely } from "kysely";
import type { AttemptRecord, AttemptStatus, MetadataStore } from "../types.ts";
import type { StoreContext } from "./context.ts";
import { inWindow } from "./list-window.ts";
import { toAttemptRecord } from "./rows.ts";
import type { AttemptRow, Tables } from "./tables.ts";

/** Inserts a running attempt; `db` may be a transaction. */
export async function insertAttempt(db: Kysely<Tables>, taskId: string, number: number): Promise<AttemptRecord> {
  const row: AttemptRow = {
    id: newId(),
    task_id: taskId,
    number,
    status: "running",
    error: null,
    started_at: Date.now(),
    ended_at: null,
  };
  await db.insertInto("attempts").values(row).execute();
  return toAttemptRecord(row);
}

/** Ends an attempt; throws for an unknown one (only the engine knows attempt ids: a bug, not a user error). */
export async function endAttempt(
  db: Kysely<Tables>,
  location: string,
  id: string,
  status: Exclude<AttemptStatus, "running">,
  error: string | null,
): Promise<void> {
  const result = await db.updateTable("attempts").set({ status, error, ended_at: Date.now() }).where("id", "=", id).executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new Error(`finishAttempt: no attempt ${id} in ${location}`);
}

export function attemptQueries({
  db,
  location,
}: StoreContext): Pick<MetadataStore, "startAttempt" | "finishAttempt" | "listAttempts" | "listRunAttempts" | "listRunningAttempts"> {
  return {
    startAttempt: (taskId, number) => insertAttempt(db, taskId, number),

    finishAttempt: (id, status, error) => endAttempt(db, location, id, status, error),

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
