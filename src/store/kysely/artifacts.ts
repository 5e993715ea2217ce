import { sql } from "kysely";
import { newId } from "../ids.ts";
import type { MetadataStore } from "../types.ts";
import type { StoreContext } from "./context.ts";
import { toArtifactRecord, toJsonText } from "./rows.ts";

export function artifactQueries({
  db,
}: StoreContext): Pick<MetadataStore, "putArtifact" | "getArtifact" | "findArtifactsByDigest"> {
  return {
    async putArtifact(a) {
      // Insert-or-ignore then read, so concurrent writers of the same content agree on one record.
      await db
        .insertInto("artifacts")
        .values({
          id: newId(),
          digest: a.digest,
          uri: a.uri,
          size: a.size,
          media_type: a.mediaType,
          type: a.type,
          metadata: toJsonText(a.metadata),
          created_at: Date.now(),
        })
        .onConflict((oc) => oc.columns(["digest", "uri", "type"]).doNothing())
        .execute();
      const row = await db
        .selectFrom("artifacts")
        .selectAll()
        .where("digest", "=", a.digest)
        .where("uri", "=", a.uri)
        .where("type", "=", a.type)
        .executeTakeFirstOrThrow();
      return toArtifactRecord(row);
    },

    async getArtifact(id) {
      const row = await db.selectFrom("artifacts").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toArtifactRecord(row);
    },

    async findArtifactsByDigest(digestOrPrefix) {
      const lower = digestOrPrefix.trim().toLowerCase();
      // Users paste digests with or without the algorithm, like `git` hashes.
      const wanted = lower.includes(":") ? lower : `sha256:${lower}`;
      const rows = await db
        .selectFrom("artifacts")
        .selectAll()
        .where(sql<string>`substr(digest, 1, ${sql.lit(wanted.length)})`, "=", wanted)
        .orderBy("id")
        .execute();
      return rows.map(toArtifactRecord);
    },
  };
}
