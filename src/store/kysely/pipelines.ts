import type { Kysely } from "kysely";
import type { MetadataStore } from "../types.ts";
import type { StoreContext } from "./context.ts";
import { byNameInWindow } from "./list-window.ts";
import { toDate, toJsonText, toPipelineRecord } from "./rows.ts";
import type { Tables } from "./tables.ts";

/** A pipeline is identified by the digest of its IR, so saving the same one again is a no-op. */
export async function insertPipeline(
  db: Kysely<Tables>,
  p: Parameters<MetadataStore["savePipeline"]>[0],
  now: number,
): Promise<void> {
  await db
    .insertInto("pipelines")
    .values({ digest: p.digest, name: p.name, ir: toJsonText(p.ir), created_at: now })
    .onConflict((oc) => oc.column("digest").doNothing())
    .execute();
}

export function pipelineQueries({ db, dialect }: StoreContext): Pick<MetadataStore, "savePipeline" | "getPipeline" | "listPipelines"> {
  return {
    async savePipeline(p) {
      await insertPipeline(db, p, Date.now());
    },
    async getPipeline(digest) {
      const row = await db.selectFrom("pipelines").selectAll().where("digest", "=", digest).executeTakeFirst();
      return row && toPipelineRecord(row);
    },
    async listPipelines(window) {
      // The latest IR of each name: the one saved last (ties, within a millisecond, by digest).
      const latest = db
        .selectFrom("pipelines as p")
        .select(["p.digest", "p.name", "p.created_at"])
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom("pipelines as newer")
                .select("newer.digest")
                .whereRef("newer.name", "=", "p.name")
                .where((eb) =>
                  eb.or([
                    eb("newer.created_at", ">", eb.ref("p.created_at")),
                    eb.and([eb("newer.created_at", "=", eb.ref("p.created_at")), eb("newer.digest", ">", eb.ref("p.digest"))]),
                  ]),
                ),
            ),
          ),
        );
      const rows = await byNameInWindow(latest, "p.name", dialect, window).execute();
      return rows.map((row) => ({ digest: row.digest, name: row.name, createdAt: toDate(row.created_at) }));
    },
  };
}
