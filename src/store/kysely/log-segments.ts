import type { LogSegmentKind, LogSegmentRecord, LogSegmentStore, NewLogSegment } from "../log-segment-types.ts";
import type { StoreContext } from "./context.ts";
import type { Selectable } from "kysely";
import type { LogSegmentRow } from "./tables.ts";

function toLogSegment(row: Selectable<LogSegmentRow>): LogSegmentRecord {
  return {
    id: row.id,
    kind: row.kind as LogSegmentKind,
    path: row.path,
    deployment: row.deployment,
    model: row.model,
    version: row.version,
    minTime: new Date(row.min_time),
    maxTime: new Date(row.max_time),
    rowCount: row.row_count,
    size: row.size,
    digest: row.digest,
    sources: row.sources === null ? null : (JSON.parse(row.sources) as string[]),
    createdAt: new Date(row.created_at),
  };
}

function toRow(s: NewLogSegment, sources: readonly string[] | null) {
  return {
    kind: s.kind,
    path: s.path,
    deployment: s.deployment,
    model: s.model,
    version: s.version,
    min_time: s.minTime.getTime(),
    max_time: s.maxTime.getTime(),
    row_count: s.rowCount,
    size: s.size,
    digest: s.digest,
    sources: sources === null ? null : JSON.stringify(sources),
    created_at: Date.now(),
  };
}

/** Thrown inside a transaction to roll it back when a replaced segment was already gone. */
class AlreadyReplaced extends Error {}

export function logSegmentQueries({ db }: StoreContext): LogSegmentStore {
  return {
    async addLogSegment(s) {
      const result = await db
        .insertInto("log_segments")
        .values(toRow(s, null))
        .onConflict((oc) => oc.column("path").doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async listLogSegments({ kind, deployment, model, version, from, to }) {
      let query = db.selectFrom("log_segments").selectAll().where("kind", "=", kind);
      if (deployment !== undefined) query = query.where("deployment", "=", deployment);
      if (model !== undefined) query = query.where("model", "=", model);
      if (version !== undefined) query = query.where("version", "=", version);
      if (from !== undefined) query = query.where("max_time", ">=", from.getTime());
      if (to !== undefined) query = query.where("min_time", "<", to.getTime());
      const rows = await query.orderBy("min_time").orderBy("id").execute();
      return rows.map(toLogSegment);
    },

    async replaceLogSegments(replaced, segment) {
      const ids = replaced.map((r) => r.id);
      try {
        await db.transaction().execute(async (trx) => {
          const deleted = await trx.deleteFrom("log_segments").where("id", "in", ids).executeTakeFirst();
          if (Number(deleted.numDeletedRows) !== ids.length) throw new AlreadyReplaced();
          await trx.insertInto("log_segments").values(toRow(segment, replaced.map((r) => r.path))).execute();
        });
        return true;
      } catch (error) {
        if (error instanceof AlreadyReplaced) return false;
        throw error;
      }
    },

    async clearLogSegmentSources(id) {
      await db.updateTable("log_segments").set({ sources: null }).where("id", "=", id).execute();
    },

    async removeLogSegments(ids) {
      if (ids.length === 0) return 0;
      const deleted = await db.deleteFrom("log_segments").where("id", "in", ids).executeTakeFirst();
      return Number(deleted.numDeletedRows);
    },
  };
}
