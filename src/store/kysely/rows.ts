import type { Json } from "../../json.ts";
import type { ArtifactRecord, AttemptRecord, AttemptStatus, LineageEvent, LogLine, MetricPoint, PipelineRecord, RunOptions, RunRecord, RunStatus, RunUpdate, TaskRecord, TaskStatus, TaskUpdate } from "../types.ts";
import type {
  ArtifactRow,
  AttemptRow,
  LineageRow,
  LogRow,
  MetricRow,
  PipelineRow,
  RunRow,
  TaskRow,
} from "./tables.ts";

function toMs(date: Date | null): number | null {
  return date === null ? null : date.getTime();
}

export function toDate(ms: number): Date;
export function toDate(ms: number | null): Date | null;
export function toDate(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}

export function toJsonText(value: Json | Record<string, Json> | RunOptions): string {
  return JSON.stringify(value);
}

function fromJsonText<T = Json>(text: string): T;
function fromJsonText<T = Json>(text: string | null): T | null;
function fromJsonText<T = Json>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

export function toPipelineRecord(row: PipelineRow): PipelineRecord {
  return { digest: row.digest, name: row.name, ir: fromJsonText(row.ir), createdAt: toDate(row.created_at) };
}

export function toRunRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    pipelineDigest: row.pipeline_digest,
    pipelineName: row.pipeline_name,
    experiment: row.experiment ?? row.pipeline_name,
    status: row.status as RunStatus,
    params: fromJsonText<Record<string, Json>>(row.params),
    options: fromJsonText<RunOptions>(row.options),
    trigger: row.trigger,
    cancelRequested: row.cancel_requested === 1,
    error: row.error,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: toDate(row.lease_expires_at),
    leaseEpoch: row.lease_epoch,
    createdAt: toDate(row.created_at),
    startedAt: toDate(row.started_at),
    endedAt: toDate(row.ended_at),
  };
}

export function toTaskRecord(row: TaskRow): TaskRecord {
  return {
    id: row.id,
    runId: row.run_id,
    name: row.name,
    node: row.node,
    iteration: row.iteration,
    status: row.status as TaskStatus,
    cacheKey: row.cache_key,
    cacheKeyParts: fromJsonText(row.cache_key_parts),
    cachedFromTaskId: row.cached_from_task_id,
    outputs: fromJsonText<Record<string, Json>>(row.outputs),
    attempts: row.attempts,
    notBefore: toDate(row.not_before),
    error: row.error,
    createdAt: toDate(row.created_at),
    startedAt: toDate(row.started_at),
    endedAt: toDate(row.ended_at),
  };
}

export function toAttemptRecord(row: AttemptRow): AttemptRecord {
  return {
    id: row.id,
    taskId: row.task_id,
    number: row.number,
    status: row.status as AttemptStatus,
    error: row.error,
    startedAt: toDate(row.started_at),
    endedAt: toDate(row.ended_at),
  };
}

export function toArtifactRecord(row: ArtifactRow): ArtifactRecord {
  return {
    id: row.id,
    digest: row.digest,
    uri: row.uri,
    size: row.size,
    mediaType: row.media_type,
    type: row.type,
    metadata: fromJsonText<Record<string, Json>>(row.metadata),
    createdAt: toDate(row.created_at),
  };
}

export function toLineageEvent(row: LineageRow | Omit<LineageRow, "id">): LineageEvent {
  return {
    taskId: row.task_id,
    attemptId: row.attempt_id,
    artifactId: row.artifact_id,
    kind: row.kind as LineageEvent["kind"],
    name: row.name,
    createdAt: toDate(row.created_at),
  };
}

export function toLogLine(row: Omit<LogRow, "id"> & { id: number }): Required<LogLine> {
  return {
    id: row.id,
    attemptId: row.attempt_id,
    seq: row.seq,
    time: toDate(row.time),
    level: row.level as LogLine["level"],
    stream: row.stream as LogLine["stream"],
    message: row.message,
  };
}

export function toMetricPoint(row: Omit<MetricRow, "id">): MetricPoint {
  return {
    runId: row.run_id,
    taskId: row.task_id,
    name: row.name,
    value: row.value,
    step: row.step,
    time: toDate(row.time),
  };
}

type TaskUpdateField = Exclude<keyof TaskUpdate, "taskId">;
type StoredValue = string | number | null;

/** A field stored as it is. */
const asIs = (value: StoredValue): StoredValue => value;

/**
 * Each field a task update may name, the column it sets, and its value as stored. One table
 * for the row Kysely writes and for the prepared statements of the SQLite transition.
 */
export const TASK_UPDATE_COLUMNS: readonly {
  field: TaskUpdateField;
  column: keyof TaskRow & string;
  stored(value: never): StoredValue;
  /** Stored as JSON text, which a JSON column parses. */
  json?: true;
}[] = [
  { field: "status", column: "status", stored: asIs },
  { field: "cacheKey", column: "cache_key", stored: asIs },
  { field: "cacheKeyParts", column: "cache_key_parts", stored: nullableJson, json: true },
  { field: "cachedFromTaskId", column: "cached_from_task_id", stored: asIs },
  { field: "outputs", column: "outputs", stored: nullableJson, json: true },
  { field: "attempts", column: "attempts", stored: asIs },
  { field: "notBefore", column: "not_before", stored: toMs },
  { field: "error", column: "error", stored: asIs },
  { field: "startedAt", column: "started_at", stored: toMs },
  { field: "endedAt", column: "ended_at", stored: toMs },
];

/** Only the fields the update names; `undefined` means "leave as is". */
export function taskUpdateRow(u: TaskUpdate): Partial<TaskRow> {
  const row: Record<string, StoredValue> = {};
  for (const { field, column, stored } of TASK_UPDATE_COLUMNS) {
    const value = u[field];
    if (value !== undefined) row[column] = stored(value as never);
  }
  return row as Partial<TaskRow>;
}

export function runUpdateRow(u: RunUpdate): Partial<RunRow> {
  return withoutUndefined({
    status: u.status,
    error: u.error,
    started_at: u.startedAt === undefined ? undefined : toMs(u.startedAt),
    ended_at: u.endedAt === undefined ? undefined : toMs(u.endedAt),
    cancel_requested: u.cancelRequested === undefined ? undefined : u.cancelRequested ? 1 : 0,
    lease_owner: u.leaseOwner,
    lease_expires_at: u.leaseOwner === null ? null : undefined,
  });
}

/** A record field that is null is SQL NULL, not the JSON text "null". */
function nullableJson(value: Json | Record<string, Json> | null): string | null {
  return value === null ? null : toJsonText(value);
}

function withoutUndefined<T extends object>(obj: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key in obj) if (obj[key] !== undefined) out[key] = obj[key];
  return out;
}
