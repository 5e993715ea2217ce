import type { Kysely } from "kysely";
import type { ArtifactUse, LineageEvent, MetadataStore } from "../types.ts";
import { batches } from "./batches.ts";
import type { StoreContext } from "./context.ts";
import { inWindow } from "./list-window.ts";
import { toArtifactRecord, toLineageEvent, toTaskRecord } from "./rows.ts";
import type { Tables } from "./tables.ts";

/** Joined rows name the event's own columns apart from the artifact's and task's. */
const EVENT_COLUMNS = [
  "lineage.task_id",
  "lineage.attempt_id",
  "lineage.artifact_id",
  "lineage.kind",
  "lineage.name as event_name",
  "lineage.created_at as event_created_at",
] as const;

/** Inserts lineage events; `db` should be a transaction when there are several batches. */
export async function insertLineage(db: Kysely<Tables>, events: Omit<LineageEvent, "createdAt">[]): Promise<void> {
  const now = Date.now();
  const rows = events.map((e) => ({
    task_id: e.taskId,
    attempt_id: e.attemptId,
    artifact_id: e.artifactId,
    kind: e.kind,
    name: e.name,
    created_at: now,
  }));
  for (const batch of batches(rows)) await db.insertInto("lineage").values(batch).execute();
}

export function lineageQueries({
  db,
}: StoreContext): Pick<MetadataStore, "recordLineage" | "taskLineage" | "artifactLineage" | "listArtifactUses"> {
  return {
    async recordLineage(events) {
      await db.transaction().execute((trx) => insertLineage(trx, events));
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

    async listArtifactUses(runId, window) {
      // The first event of each use: a retried task records its inputs again with each attempt.
      const firstEvents = db
        .selectFrom("lineage")
        .innerJoin("tasks", "tasks.id", "lineage.task_id")
        .select((eb) => eb.fn.min("lineage.id").as("id"))
        .where("tasks.run_id", "=", runId)
        .groupBy(["lineage.task_id", "lineage.kind", "lineage.name", "lineage.artifact_id"]);
      const uses = db
        .selectFrom("lineage")
        .innerJoin("tasks", "tasks.id", "lineage.task_id")
        .innerJoin("artifacts", "artifacts.id", "lineage.artifact_id")
        .selectAll("artifacts")
        .select(EVENT_COLUMNS)
        .select("tasks.name as task_name")
        .where("lineage.id", "in", firstEvents)
        .orderBy("lineage.id");
      const rows = await inWindow(uses, window).execute();
      return rows.map((r): ArtifactUse => {
        const { taskId, kind, name, createdAt } = toLineageEvent({ ...r, name: r.event_name, created_at: r.event_created_at });
        return { taskId, taskName: r.task_name, kind, name, artifact: toArtifactRecord(r), createdAt };
      });
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
