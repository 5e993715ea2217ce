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
  experiments: ExperimentRow;
  run_context: RunContextRow;
  run_params: RunParamRow;
  run_tags: RunTagRow;
  run_latest_metrics: LatestMetricRow;
  models: ModelRow;
  model_versions: ModelVersionRow;
  model_aliases: ModelAliasRow;
  alias_events: AliasEventRow;
  deployments: DeploymentRow;
  deployment_events: DeploymentEventRow;
  log_segments: LogSegmentRow;
  trigger_state: TriggerStateRow;
  trigger_events: TriggerEventRow;
  monitors: MonitorRow;
  monitor_windows: MonitorWindowRow;
  monitor_alerts: MonitorAlertRow;
  monitor_metrics: MonitorMetricRow;
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
  /** Null only in a row written before schema version 2 that the migration has not reached (none after it). */
  experiment: string | null;
  status: string;
  params: string;
  options: string;
  trigger: string;
  cancel_requested: number;
  error: string | null;
  lease_owner: string | null;
  lease_expires_at: number | null;
  /** Bumped by every take of the lease (see migration-5.ts). */
  lease_epoch: number;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  /** The number of the run's latest change (see migration-4.ts). */
  seq: number;
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
  /** The number of the run's change that last changed this task. */
  seq: number;
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
  /** sha256 of the canonical metadata: part of what makes two records the same artifact. */
  metadata_digest: string;
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

export interface ExperimentRow {
  name: string;
  description: string | null;
  created_at: number;
}

export interface RunContextRow {
  run_id: string;
  context: string;
}

/** One top-level parameter of a run: `value` is the string itself or other JSON as text; `num` is set for numbers. */
export interface RunParamRow {
  run_id: string;
  name: string;
  value: string;
  num: number | null;
}

export interface RunTagRow {
  run_id: string;
  key: string;
  value: string;
}

/** The last point logged of each metric of each task of a run, kept beside the full history for search. */
export interface LatestMetricRow {
  run_id: string;
  /** The task's name, or "(run)" for a metric logged without a task (see store/metric-key.ts). */
  task: string;
  name: string;
  value: number;
  step: number | null;
  time: number;
}

export interface ModelRow {
  id: string;
  name: string;
  description: string | null;
  created_at: number;
  updated_at: number;
  /** The highest version number given out, deleted or not: the next version is one more. */
  last_version: number;
}

export interface ModelVersionRow {
  model_id: string;
  version: number;
  run_id: string;
  task_id: string | null;
  artifact_id: string;
  digest: string;
  description: string | null;
  tags: string;
  signature: string | null;
  metrics: string;
  created_by: string;
  created_at: number;
}

export interface ModelAliasRow {
  model_id: string;
  alias: string;
  version: number;
  updated_at: number;
}

export interface AliasEventRow {
  id: Generated<number>;
  model_id: string;
  alias: string;
  kind: string;
  from_version: number | null;
  to_version: number | null;
  actor: string;
  reason: string | null;
  created_at: number;
}

export interface DeploymentRow {
  name: string;
  stage: string;
  stable: string;
  /** A CandidateRoute as JSON text, or null. */
  candidate: string | null;
  thresholds: string;
  created_at: number;
  updated_at: number;
}

export interface DeploymentEventRow {
  id: Generated<number>;
  deployment: string;
  kind: string;
  from_state: string | null;
  to_state: string;
  model: string | null;
  version: number | null;
  figures: string | null;
  actor: string;
  reason: string | null;
  created_at: number;
}

export interface LogSegmentRow {
  id: Generated<number>;
  kind: string;
  path: string;
  deployment: string | null;
  model: string | null;
  version: number | null;
  min_time: number;
  max_time: number;
  row_count: number;
  size: number;
  digest: string;
  /** JSON list of paths, or null. */
  sources: string | null;
  created_at: number;
}

/** What a trigger saw last (see migration-9.ts). */
export interface TriggerStateRow {
  name: string;
  last_tick: number | null;
  watermark: string | null;
  updated_at: number;
}

/** One event a trigger saw, unique by (trigger_name, event_key) (see migration-9.ts). */
export interface TriggerEventRow {
  id: string;
  trigger_name: string;
  event_key: string;
  source: string;
  payload: string;
  status: string;
  claimed_by: string | null;
  claim_expires_at: number | null;
  run_id: string | null;
  reason: string | null;
  created_at: number;
  ended_at: number | null;
}

/** A monitor and its state (see migration-10.ts). */
export interface MonitorRow {
  name: string;
  deployment: string | null;
  model: string | null;
  definition: string;
  last_seq: number | null;
  cursor: string | null;
  streak: string | null;
  created_at: number;
  updated_at: number;
}

/** One window a monitor judged, unique by (monitor, seq) (see migration-10.ts). */
export interface MonitorWindowRow {
  id: string;
  monitor: string;
  seq: number;
  status: string;
  reason: string | null;
  from_time: number;
  to_time: number;
  rows: number;
  deployment: string | null;
  model: string;
  version: number | null;
  drifted: number;
  drift_share: number;
  drift_detected: number;
  streak: number;
  quality_passed: number | null;
  performance_dropped: number | null;
  report_artifact_id: string | null;
  html_artifact_id: string | null;
  created_at: number;
}

/** A window's alert (see migration-10.ts). */
export interface MonitorAlertRow {
  id: Generated<number>;
  monitor: string;
  window_id: string;
  seq: number;
  drift_detected: number;
  performance_dropped: number;
  created_at: number;
}

/** One figure of one window (see migration-10.ts). */
export interface MonitorMetricRow {
  monitor: string;
  seq: number;
  name: string;
  value: number;
  time: number;
}
