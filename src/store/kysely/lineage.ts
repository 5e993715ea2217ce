import type { MetadataStore } from "../types.ts";
import { batches } from "./batches.ts";
import type { StoreContext } from "./context.ts";
import { toArtifactRecord, toLineageEvent, toTaskRecord } from "./rows.ts";

/** Joined rows name the event's own columns apart from the artifact's and task's. */
const EVENT_COLUMNS = [
  "lineage.task_id",
  "lineage.attempt_id",
  "lineage.artifact_id",
  "lineage.kind",
  "lineage.name as event_name",
  "lineage.created_at as event_created_at",
] as const;

export function lineageQueries({
  db,
}: StoreContext): Pick<MetadataStore, "recordLineage" | "taskLineage" | "artifactLineage"> {
  return {
    async recordLineage(events) {
      const now = Date.now();
      const rows = events.map((e) => ({
        task_id: e.taskId,
        attempt_id: e.attemptId,
        artifact_id: e.artifactId,
        kind: e.kind,
        name: e.name,
        created_at: now,
      }));
      await db.transaction().execute(async (trx) => {
        for (const batch of batches(rows)) await trx.insertInto("lineage").values(batch).execute();
      });
    },

    async taskLineage(taskId) {
      const rows = await db
        .selectFrom("lineage")
        .innerJoin("artifacts", "artifacts.id", "lineage.artifact_id")
        .selectAll("artifacts")
        .select(EVENT_COLUMNS)
        .where("lineage.task_id", "=", taskId)
        .orderBy("lineage.id")
        .execute();
      return rows.map((r) => ({
        ...toLineageEvent({ ...r, name: r.event_name, created_at: r.event_created_at }),
        artifact: toArtifactRecord(r),
      }));
    },

    async artifactLineage(artifactId) {
      const rows = await db
        .selectFrom("lineage")
        .innerJoin("tasks", "tasks.id", "lineage.task_id")
        .selectAll("tasks")
        .select(EVENT_COLUMNS)
        .where("lineage.artifact_id", "=", artifactId)
        .orderBy("lineage.id")
        .execute();
      return rows.map((r) => ({
        ...toLineageEvent({ ...r, name: r.event_name, created_at: r.event_created_at }),
        task: toTaskRecord(r),
      }));
    },
  };
}
