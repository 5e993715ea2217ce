import type { Kysely } from "kysely";
import type { MetadataStore } from "../types.ts";
import type { StoreContext } from "./context.ts";
import { toJsonText, toPipelineRecord } from "./rows.ts";
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

export function pipelineQueries({ db }: StoreContext): Pick<MetadataStore, "savePipeline" | "getPipeline"> {
  return {
    async savePipeline(p) {
      await insertPipeline(db, p, Date.now());
    },
    async getPipeline(digest) {
      const row = await db.selectFrom("pipelines").selectAll().where("digest", "=", digest).executeTakeFirst();
      return row && toPipelineRecord(row);
    },
  };
}
