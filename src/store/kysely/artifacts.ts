import { sql } from "./runtime.ts";
import { jsonDigest } from "../../ir/canonical.ts";
import { newId } from "../ids.ts";
import type { MetadataStore } from "../types.ts";
import type { StoreContext } from "./context.ts";
import { inWindow } from "./list-window.ts";
import { toArtifactRecord, toJsonText } from "./rows.ts";

export function artifactQueries({
  db,
}: StoreContext): Pick<MetadataStore, "putArtifact" | "getArtifact" | "findArtifactsByDigest"> {
  return {
    async putArtifact(a) {
      // One record per content *and* description: the same bytes ingested from two sources keep
      // their own metadata. Insert-or-ignore then read, so concurrent writers agree on a record.
      const metadataDigest = jsonDigest(a.metadata);
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
          metadata_digest: metadataDigest,
          created_at: Date.now(),
        })
        .onConflict((oc) => oc.columns(["digest", "uri", "type", "media_type", "metadata_digest"]).doNothing())
        .execute();
      const row = await db
        .selectFrom("artifacts")
        .selectAll()
        .where("digest", "=", a.digest)
        .where("uri", "=", a.uri)
        .where("type", "=", a.type)
        .where("media_type", "=", a.mediaType)
        .where("metadata_digest", "=", metadataDigest)
        .executeTakeFirstOrThrow();
      return toArtifactRecord(row);
    },

    async getArtifact(id) {
      const row = await db.selectFrom("artifacts").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toArtifactRecord(row);
    },

    async findArtifactsByDigest(digestOrPrefix, window) {
      const lower = digestOrPrefix.trim().toLowerCase();
      // Users paste digests with or without the algorithm, like `git` hashes.
      const wanted = lower.includes(":") ? lower : `sha256:${lower}`;
      const matching = db
        .selectFrom("artifacts")
        .selectAll()
        .where(sql<string>`substr(digest, 1, ${sql.lit(wanted.length)})`, "=", wanted)
        .orderBy("id");
      const rows = await inWindow(matching, window).execute();
      return rows.map(toArtifactRecord);
    },
  };
}
