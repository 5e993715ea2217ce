import { newId } from "../ids.ts";
import type { MetadataStore } from "../types.ts";
import type { StoreContext } from "./context.ts";
import { toAttemptRecord } from "./rows.ts";
import type { AttemptRow } from "./tables.ts";

export function attemptQueries({
  db,
  location,
}: StoreContext): Pick<MetadataStore, "startAttempt" | "finishAttempt" | "listAttempts" | "listRunningAttempts"> {
  return {
    async startAttempt(taskId, number) {
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
    },

    async finishAttempt(id, status, error) {
      const result = await db
        .updateTable("attempts")
        .set({ status, error, ended_at: Date.now() })
        .where("id", "=", id)
        .executeTakeFirst();
      // Only the engine knows attempt ids, so a missing one is a bug, not a user error.
      if (result.numUpdatedRows === 0n) throw new Error(`finishAttempt: no attempt ${id} in ${location}`);
    },

    async listAttempts(taskId) {
      const rows = await db
        .selectFrom("attempts")
        .selectAll()
        .where("task_id", "=", taskId)
        .orderBy("number")
        .execute();
      return rows.map(toAttemptRecord);
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
