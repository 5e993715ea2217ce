import type { MetadataStore } from "../types.ts";
import { batches } from "./batches.ts";
import type { StoreContext } from "./context.ts";
import { toLogLine } from "./rows.ts";

export function logQueries({ db, dialect }: StoreContext): Pick<MetadataStore, "appendLogs" | "readLogs"> {
  return {
    async appendLogs(lines) {
      if (lines.length === 0) return;
      const rows = lines.map((l) => ({
        attempt_id: l.attemptId,
        seq: l.seq,
        time: l.time.getTime(),
        level: l.level,
        stream: l.stream,
        message: l.message,
      }));
      await db.transaction().execute(async (trx) => {
        await dialect.serializeLogAppends(trx);
        for (const batch of batches(rows)) await trx.insertInto("logs").values(batch).execute();
      });
    },

    async readLogs(attemptIds, afterId, limit) {
      if (attemptIds.length === 0) return [];
      let query = db.selectFrom("logs").selectAll().where("attempt_id", "in", attemptIds).orderBy("id");
      if (afterId !== undefined) query = query.where("id", ">", afterId);
      if (limit !== undefined) query = query.limit(limit);
      return (await query.execute()).map(toLogLine);
    },
  };
}
