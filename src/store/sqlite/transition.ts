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
import { copySourceMetrics } from "../kysely/latest-metrics.ts";
import { leaseLost } from "../kysely/leases.ts";
import { runNotFound } from "../kysely/runs.ts";
import { runUpdateRow, TASK_UPDATE_COLUMNS, toAttemptRecord } from "../kysely/rows.ts";
import type { AttemptRow, Tables } from "../kysely/tables.ts";
import type { AttemptRecord, Lease, MetadataStore, RunUpdate, TaskUpdate, TransitionEffects } from "../types.ts";
import { explainSqliteError } from "./errors.ts";
import type { Prepare } from "./statement-cache.ts";

type SqlValue = string | number | bigint | null;

export function sqliteTransition(database: Database.Database, prepare: Prepare, db: Kysely<Tables>, location: string): MetadataStore["transition"] {
  const nextSeq = prepare("update runs set seq = seq + 1 where id = ? returning seq");
  /** The same, fenced: only while the run's lease is still the driver's (see nextRunSeq). */
  const nextLeasedSeq = prepare("update runs set seq = seq + 1 where id = ? and lease_owner = ? and lease_epoch = ? returning seq");
  const leaseOwner = prepare("select lease_owner from runs where id = ?");
  const endAttempt = prepare("update attempts set status = ?, error = ?, ended_at = ? where id = ?");
  const insertLineage = prepare("insert into lineage (task_id, attempt_id, artifact_id, kind, name, created_at) values (?, ?, ?, ?, ?, ?)");
  const insertAttempt = prepare("insert into attempts (id, task_id, number, status, error, started_at, ended_at) values (?, ?, ?, ?, ?, ?, ?)");

  /** Task updates by the fields they name (a bit each, in TASK_UPDATE_COLUMNS order): no SQL text is built per update. */
  const taskUpdates = new Map<number, Database.Statement>();
  const taskUpdate = (fields: number): Database.Statement => {
    let s = taskUpdates.get(fields);
    if (!s) {
      const set = TASK_UPDATE_COLUMNS.filter((_, i) => fields & (1 << i)).map((c) => `"${c.column}" = ?, `);
      s = prepare(`update tasks set ${set.join("")}seq = ? where id = ? and run_id = ?`);
      taskUpdates.set(fields, s);
    }
    return s;
  };

  /** Sets the fields an update names, and the change number; false when no such task is the run's. */
  const updateTask = (runId: string, update: TaskUpdate, seq: number): boolean => {
    let fields = 0;
    const values: SqlValue[] = [];
    for (let i = 0; i < TASK_UPDATE_COLUMNS.length; i++) {
      const column = TASK_UPDATE_COLUMNS[i] as (typeof TASK_UPDATE_COLUMNS)[number];
      const value = update[column.field];
      if (value === undefined) continue;
      fields |= 1 << i;
      values.push(column.stored(value as never));
    }
    values.push(seq, update.taskId, runId);
    return taskUpdate(fields).run(values).changes > 0;
  };

  const apply = (runId: string, updates: TaskUpdate[], run: RunUpdate | undefined, effects: TransitionEffects, lease: Lease | undefined): AttemptRecord[] => {
    // See nextRunSeq in ../kysely/runs.ts.
    const next = (lease ? nextLeasedSeq.get(runId, lease.owner, lease.epoch) : nextSeq.get(runId)) as { seq: number } | undefined;
    if (!next) {
      const held = leaseOwner.get(runId) as { lease_owner: string | null } | undefined;
      throw held ? leaseLost(runId, location, held.lease_owner) : runNotFound(runId, location);
    }
    for (const update of updates) {
      // An engine bug, not a user error; throwing rolls back the whole transition.
      if (!updateTask(runId, update, next.seq)) {
        throw new Error(`transition: task ${update.taskId} is not a task of run ${runId} in ${location}`);
      }
    }
    if (run) {
      const changes = runUpdateRow(run) as Record<string, SqlValue>;
      const columns = Object.keys(changes);
      if (columns.length > 0) {
        const set = columns.map((c) => `"${c}" = ?`).join(", ");
        prepare(`update runs set ${set} where id = ?`).run(...Object.values(changes), runId);
      }
    }
    const now = Date.now();
    for (const f of effects.finishAttempts ?? []) {
      if (endAttempt.run(f.status, f.error, now, f.id).changes === 0) throw new Error(`finishAttempt: no attempt ${f.id} in ${location}`);
    }
    for (const e of effects.lineage ?? []) insertLineage.run(e.taskId, e.attemptId, e.artifactId, e.kind, e.name, now);
    const cached: string[] = [];
    for (const u of updates) if (u.status === "cached" && u.cachedFromTaskId) cached.push(u.taskId);
    if (cached.length > 0) {
      const copy = copySourceMetrics(runId, cached).compile(db);
      prepare(copy.sql).run(...(copy.parameters as SqlValue[]));
    }
    return (effects.startAttempts ?? []).map((s) => {
      const row: AttemptRow = { id: newId(), task_id: s.taskId, number: s.number, status: "running", error: null, started_at: now, ended_at: null };
      insertAttempt.run(row.id, row.task_id, row.number, row.status, row.error, row.started_at, row.ended_at);
      return toAttemptRecord(row);
    });
  };
  const transaction = database.transaction(apply);

  return async (runId, updates, run, effects = {}, lease) => {
    // Statements run synchronously cannot interleave with anything, so waiting for Kysely's
    // connection would only cost time; except while a transaction Kysely holds open between its
    // awaits, which must not take these statements in.
    const attempts = () => {
      try {
        return transaction.immediate(runId, updates, run, effects, lease);
      } catch (error) {
        throw explainSqliteError(error, location);
      }
    };
    if (!database.inTransaction) return { attempts: attempts() };
    return db.connection().execute(async () => ({ attempts: attempts() }));
  };
}
