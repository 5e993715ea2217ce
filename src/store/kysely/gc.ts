import type { DeletionStore } from "../deletion-types.ts";
import { batches } from "./batches.ts";
import type { StoreContext } from "./context.ts";
import { maybeDry } from "./dry-run.ts";
import { toArtifactRecord } from "./rows.ts";

export function gcQueries({ db }: StoreContext): Pick<DeletionStore, "collectGarbage" | "recordedUris"> {
  return {
    collectGarbage({ dryRun = false } = {}) {
      return maybeDry(db, dryRun, async (trx) => {
        // A run in progress stores an artifact before the transition that records its lineage.
        const active = await trx
          .selectFrom("runs")
          .select((eb) => eb.fn.min<number | null>("created_at").as("since"))
          .where("status", "in", ["pending", "running"])
          .executeTakeFirst();
        let query = trx
          .selectFrom("artifacts")
          .selectAll()
          .where((eb) =>
            eb.and([
              eb.not(eb.exists(eb.selectFrom("lineage").select("lineage.id").whereRef("lineage.artifact_id", "=", "artifacts.id"))),
              eb.not(eb.exists(eb.selectFrom("model_versions").select("model_versions.version").whereRef("model_versions.artifact_id", "=", "artifacts.id"))),
              // A monitor's window reports are kept as long as the window.
              eb.not(
                eb.exists(
                  eb
                    .selectFrom("monitor_windows")
                    .select("monitor_windows.id")
                    .where((w) => w.or([w("monitor_windows.report_artifact_id", "=", w.ref("artifacts.id")), w("monitor_windows.html_artifact_id", "=", w.ref("artifacts.id"))])),
                ),
              ),
            ]),
          )
          .orderBy("id");
        if (active?.since != null) query = query.where("created_at", "<", Number(active.since));
        const artifacts = (await query.execute()).map(toArtifactRecord);
        for (const batch of batches(artifacts)) {
          await trx.deleteFrom("artifacts").where("id", "in", batch.map((a) => a.id)).execute();
        }
        const contents = new Map(artifacts.map((a) => [a.uri, { uri: a.uri, digest: a.digest, size: a.size }]));
        for (const batch of batches([...contents.keys()])) {
          for (const { uri } of await trx.selectFrom("artifacts").select("uri").where("uri", "in", batch).execute()) contents.delete(uri);
        }
        return { artifacts, contents: [...contents.values()] };
      });
    },

    async recordedUris(contents) {
      const wanted = new Set(contents.map((c) => c.uri));
      const recorded = new Set<string>();
      // By digest, the leading column of an index; the URI is matched here.
      for (const batch of batches([...new Set(contents.map((c) => c.digest))])) {
        const rows = await db.selectFrom("artifacts").select("uri").where("digest", "in", batch).execute();
        for (const { uri } of rows) if (wanted.has(uri)) recorded.add(uri);
      }
      return recorded;
    },
  };
}
