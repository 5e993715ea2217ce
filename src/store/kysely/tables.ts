import type { Generated } from "kysely";

/**
 * Rows as both backends return them: timestamps are epoch milliseconds, JSON columns are
 * JSON text, booleans are 0/1. The Postgres connection is set up to return int8 as a number
 * and jsonb as text, so one mapping (rows.ts) serves both backends.
 */
export interface Tables {
  conveyor_meta: ConveyorMetaRow;
  pipelines: PipelineRow;
  runs: RunRow;
  tasks: TaskRow;
  attempts: AttemptRow;
  artifacts: ArtifactRow;
  lineage: LineageRow;
  logs: LogRow;
  metrics: MetricRow;
}

export interface ConveyorMetaRow {
  key: string;
  value: string;
}

export interface PipelineRow {
  digest: string;
  name: string;
  ir: string;
  created_at: number;
}

export interface RunRow {
  id: string;
  pipeline_digest: string;
  pipeline_name: string;
  status: string;
  params: string;
  options: string;
  trigger: string;
  cancel_requested: number;
  error: string | null;
  lease_owner: string | null;
  lease_expires_at: number | null;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
}

export interface TaskRow {
  id: string;
  run_id: string;
  name: string;
  node: string;
  iteration: number | null;
  status: string;
  cache_key: string | null;
  cache_key_parts: string | null;
  cached_from_task_id: string | null;
  outputs: string | null;
  attempts: number;
  not_before: number | null;
  error: string | null;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
}

export interface AttemptRow {
  id: string;
  task_id: string;
  number: number;
  status: string;
  error: string | null;
  started_at: number;
  ended_at: number | null;
}

export interface ArtifactRow {
  id: string;
  digest: string;
  uri: string;
  size: number;
  media_type: string;
  type: string;
  metadata: string;
  created_at: number;
}

export interface LineageRow {
  id: Generated<number>;
  task_id: string;
  attempt_id: string | null;
  artifact_id: string;
  kind: string;
  name: string;
  created_at: number;
}

export interface LogRow {
  id: Generated<number>;
  attempt_id: string;
  seq: number;
  time: number;
  level: string;
  stream: string;
  message: string;
}

export interface MetricRow {
  id: Generated<number>;
  run_id: string;
  task_id: string | null;
  name: string;
  value: number;
  step: number | null;
  time: number;
}
