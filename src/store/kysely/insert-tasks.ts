import type { Kysely } from "kysely";
import { newId } from "../ids.ts";
import type { NewTask, TaskRecord } from "../types.ts";
import type { StoreContext } from "./context.ts";
import { toTaskRecord } from "./rows.ts";
import type { Tables, TaskRow } from "./tables.ts";

/**
 * New tasks start pending with no attempts, stamped with the run's change `seq`; used by
 * createRun and addTasks inside their transactions.
 */
export async function insertTasks(
  { dialect }: StoreContext,
  trx: Kysely<Tables>,
  runId: string,
  tasks: readonly NewTask[],
  now: number,
  seq: number,
): Promise<TaskRecord[]> {
  const rows: TaskRow[] = tasks.map((t) => ({
    id: newId(),
    run_id: runId,
    name: t.name,
    node: t.node,
    iteration: t.iteration,
    status: "pending",
    cache_key: null,
    cache_key_parts: null,
    cached_from_task_id: null,
    outputs: null,
    attempts: 0,
    not_before: null,
    error: null,
    created_at: now,
    started_at: null,
    ended_at: null,
    seq,
  }));
  await dialect.insertRows(trx, "tasks", rows);
  return rows.map(toTaskRecord);
}
