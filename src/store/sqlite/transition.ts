/**
 * `transition` on SQLite, written against better-sqlite3 directly. The engine commits one
 * transition per scheduling pass, so in a chain of short tasks this transaction is most of
 * the engine's cost per task; building its four or five statements with Kysely took about
 * 0.35 ms of it, running prepared statements synchronously takes a fraction of that. The
 * semantics are those of the Kysely version in ../kysely/tasks.ts (which PostgreSQL uses);
 * the store suite runs on both.
 */
import type Database from "better-sqlite3";
import type { Kysely } from "kysely";
import { newId } from "../ids.ts";
import { runNotFound } from "../kysely/runs.ts";
import { runUpdateRow, taskUpdateRow, toAttemptRecord } from "../kysely/rows.ts";
import type { AttemptRow, Tables } from "../kysely/tables.ts";
import type { AttemptRecord, MetadataStore, RunUpdate, TaskUpdate, TransitionEffects } from "../types.ts";

type SqlValue = string | number | bigint | null;

export function sqliteTransition(database: Database.Database, db: Kysely<Tables>, location: string): MetadataStore["transition"] {
  const statements = new Map<string, Database.Statement>();
  const statement = (text: string): Database.Statement => {
    let s = statements.get(text);
    if (!s) {
      s = database.prepare(text);
      statements.set(text, s);
    }
    return s;
  };

  /** Sets columns of the rows matching `where`; returns how many it changed. */
  const updateRows = (table: "tasks" | "runs", changes: Record<string, SqlValue>, where: string, keys: SqlValue[]): number => {
    const columns = Object.keys(changes);
    if (columns.length === 0) return 0;
    const set = columns.map((c) => `"${c}" = ?`).join(", ");
    return statement(`update "${table}" set ${set} where ${where}`).run(...Object.values(changes), ...keys).changes;
  };

  const apply = (runId: string, updates: TaskUpdate[], run: RunUpdate | undefined, effects: TransitionEffects): AttemptRecord[] => {
    // See nextRunSeq in ../kysely/runs.ts.
    const next = statement(`update runs set seq = seq + 1 where id = ? returning seq`).get(runId) as { seq: number } | undefined;
    if (!next) throw runNotFound(runId, location);
    for (const update of updates) {
      const changes = { ...taskUpdateRow(update), seq: next.seq } as Record<string, SqlValue>;
      // An engine bug, not a user error; throwing rolls back the whole transition.
      if (updateRows("tasks", changes, "id = ? and run_id = ?", [update.taskId, runId]) === 0) {
        throw new Error(`transition: task ${update.taskId} is not a task of run ${runId} in ${location}`);
      }
    }
    if (run) updateRows("runs", runUpdateRow(run) as Record<string, SqlValue>, "id = ?", [runId]);
    const now = Date.now();
    for (const f of effects.finishAttempts ?? []) {
      const ended = statement(`update attempts set status = ?, error = ?, ended_at = ? where id = ?`).run(f.status, f.error, now, f.id);
      if (ended.changes === 0) throw new Error(`finishAttempt: no attempt ${f.id} in ${location}`);
    }
    const lineage = statement(`insert into lineage (task_id, attempt_id, artifact_id, kind, name, created_at) values (?, ?, ?, ?, ?, ?)`);
    for (const e of effects.lineage ?? []) lineage.run(e.taskId, e.attemptId, e.artifactId, e.kind, e.name, now);
    const sources = updates.flatMap((u) => (u.status === "cached" && u.cachedFromTaskId ? [u.cachedFromTaskId] : []));
    if (sources.length > 0) {
      // See copyLatestMetrics in ../kysely/latest-metrics.ts: a cached task's run counts its source's metrics.
      statement(`
        insert into run_latest_metrics (run_id, name, value, step, time)
        select ?, name, value, step, time from metrics
        where id in (select max(id) from metrics where task_id in (${sources.map(() => "?").join(", ")}) group by name)
        on conflict (run_id, name) do update set value = excluded.value, step = excluded.step, time = excluded.time`).run(runId, ...sources);
    }
    const insertAttempt = statement(`insert into attempts (id, task_id, number, status, error, started_at, ended_at) values (?, ?, ?, ?, ?, ?, ?)`);
    return (effects.startAttempts ?? []).map((s) => {
      const row: AttemptRow = { id: newId(), task_id: s.taskId, number: s.number, status: "running", error: null, started_at: now, ended_at: null };
      insertAttempt.run(row.id, row.task_id, row.number, row.status, row.error, row.started_at, row.ended_at);
      return toAttemptRecord(row);
    });
  };
  const transaction = database.transaction(apply);

  const commit = (...args: Parameters<typeof apply>) => ({ attempts: transaction.immediate(...args) });
  return async (runId, updates, run, effects = {}) => {
    // Statements run synchronously cannot interleave with anything, so waiting for Kysely's
    // connection would only cost time; except while a transaction Kysely holds open between its
    // awaits, which must not take these statements in.
    if (!database.inTransaction) return commit(runId, updates, run, effects);
    return db.connection().execute(async () => commit(runId, updates, run, effects));
  };
}
