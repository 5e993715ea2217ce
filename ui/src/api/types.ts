/** The API's objects as they come over the wire (docs/api.md): times are ISO 8601 strings. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export const RUN_STATUSES = ["pending", "running", "succeeded", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export type TaskStatus = RunStatus | "skipped" | "cached";

export interface Run {
  id: string;
  pipelineDigest: string;
  pipelineName: string;
  experiment: string;
  status: RunStatus;
  params: Record<string, Json>;
  options: { concurrency: number; noCache: boolean; failFast: boolean };
  trigger: string;
  cancelRequested: boolean;
  error: string | null;
  leaseOwner: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
}

export interface RunSummary extends Run {
  tags: Record<string, string>;
  metrics: Record<string, Record<string, number>>;
}

export interface Task {
  id: string;
  runId: string;
  name: string;
  node: string;
  iteration: number | null;
  status: TaskStatus;
  cacheKey: string | null;
  cacheKeyParts: Json | null;
  cachedFromTaskId: string | null;
  outputs: Record<string, Json> | null;
  attempts: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
}

export interface Attempt {
  id: string;
  number: number;
  status: "running" | "succeeded" | "failed" | "cancelled" | "interrupted";
  error: string | null;
  startedAt: string;
  endedAt: string | null;
}

export interface LogLine {
  id: number;
  task: string;
  attempt: number;
  time: string;
  level: "debug" | "info" | "warn" | "error";
  stream: "log" | "stdout" | "stderr";
  message: string;
}

export interface Artifact {
  id: string;
  digest: string;
  size: number;
  mediaType: string;
  type: string;
}

export interface ArtifactUse {
  task: string;
  kind: "input" | "output";
  name: string;
  artifact: Artifact;
}

export type CacheExplanation =
  | { verdict: "hit"; source: { runId: string; task: string } }
  | { verdict: "no-key"; status: TaskStatus; error: string | null }
  | { verdict: "first" }
  | { verdict: "miss"; previous: { runId: string; task: string }; changes: string[]; reason?: string };

export interface ParamSpec {
  type: "string" | "number" | "int" | "boolean" | "enum" | "json" | "list" | "file";
  default?: Json;
  description?: string;
  min?: number;
  max?: number;
  pattern?: string;
  values?: string[];
  item?: ParamSpec;
}

export type Binding = { kind: string; task?: string; loop?: string; output?: string; name?: string; [key: string]: unknown };

/** The parts of a pipeline's IR (docs/ir.md) the dashboard draws and builds forms from. */
export interface PipelineIR {
  name: string;
  description?: string;
  params: Record<string, ParamSpec>;
  tasks: Record<string, { component: string; inputs: Record<string, Binding>; dependsOn: string[]; loop?: string }>;
  loops: Record<string, { dependsOn: string[]; items: Binding }>;
}

export interface PipelineSummary {
  digest: string;
  name: string;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface ApiErrorBody {
  code: string;
  message: string;
  hint?: string;
}

export interface Model {
  name: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
  latestVersion: number;
  aliases: Record<string, number>;
}

export interface ModelVersion {
  model: string;
  version: number;
  runId: string;
  digest: string;
  description: string | null;
  tags: Record<string, string>;
  signature: { inputs: Json; outputs: Json } | null;
  metrics: Record<string, number>;
  aliases: string[];
  createdBy: string;
  createdAt: string;
}

export interface AliasEvent {
  id: number;
  alias: string;
  kind: "set" | "delete" | "rollback";
  fromVersion: number | null;
  toVersion: number | null;
  actor: string;
  reason: string | null;
  createdAt: string;
}

export type TrafficPolicy = { kind: "canary"; percent: number } | { kind: "shadow" } | { kind: "ab"; weight: number };

export interface Deployment {
  name: string;
  stage: "staging" | "production";
  stable: string;
  candidate: { model: string; policy: TrafficPolicy } | null;
  thresholds: { maxErrorRate: number; maxP99Ms: number; minQuality: number | null; windowSeconds: number; minRequests: number };
  createdAt: string;
  updatedAt: string;
}

export interface DeploymentEvent {
  id: number;
  kind: "create" | "canary" | "shadow" | "ab" | "promote" | "rollback" | "auto_rollback";
  deployed: { model: string; version: number } | null;
  figures: Record<string, number> | null;
  actor: string;
  reason: string | null;
  createdAt: string;
}

export interface ArtifactRecord extends Artifact {
  metadata: { [key: string]: Json };
  createdAt: string;
}

export interface DatasetPage {
  artifact: string;
  format: "parquet" | "csv";
  columns: { name: string; type: string }[];
  offset: number;
  rows: Json[][];
  truncated: boolean;
}

export type LineageNode =
  | { id: string; kind: "task"; name: string; runId: string; pipeline: string; status: TaskStatus }
  | { id: string; kind: "artifact"; digest: string; type: string; size: number; mediaType: string }
  | { id: string; kind: "model"; model: string; version: number; aliases: string[]; digest: string; runId: string }
  | { id: string; kind: "deployment"; name: string; stage: "staging" | "production" | null };

export interface LineageGraph {
  nodes: LineageNode[];
  edges: { from: string; to: string; kind: "input" | "output" | "registered" | "deployed"; name: string; cached: boolean }[];
}

export interface Monitor {
  name: string;
  target: { deployment: string } | { model: string };
  definition: Json;
  lastSeq: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface MonitorWindow {
  id: string;
  monitor: string;
  seq: number;
  status: "judged" | "notJudged";
  reason: string | null;
  from: string;
  to: string;
  rows: number;
  deployment: string | null;
  model: string;
  version: number | null;
  drifted: boolean;
  driftShare: number;
  driftDetected: boolean;
  streak: number;
  qualityPassed: boolean | null;
  performanceDropped: boolean | null;
  reportArtifactId: string | null;
  htmlArtifactId: string | null;
  createdAt: string;
}

export interface MonitorDetail extends Monitor {
  windows: MonitorWindow[];
  figures: string[];
}

export interface MonitorFigure {
  seq: number;
  name: string;
  value: number;
  time: string;
}

export interface MonitorAlert {
  id: number;
  monitor: string;
  windowId: string;
  seq: number;
  driftDetected: boolean;
  performanceDropped: boolean;
  createdAt: string;
}

export interface TriggerSummary {
  name: string;
  kind: "schedule" | "hybrid" | "files" | "watermark" | "manual";
  pipeline: string;
  schedule: { cron: string; timezone: string; catchUp: "none" | "latest" | "all" } | null;
  pollSeconds: number | null;
  nextFire: string | null;
  lastTick: string | null;
  watermark: Json;
  lastFired: string | null;
  activeRuns: number;
}

export interface TriggerEvent {
  id: string;
  trigger: string;
  key: string;
  source: string;
  payload: { [key: string]: Json };
  status: "pending" | "claimed" | "fired" | "skipped" | "failed";
  runId: string | null;
  reason: string | null;
  createdAt: string;
  endedAt: string | null;
}

export interface ExperimentSummary {
  name: string;
  description: string | null;
  createdAt: string;
  runs: number;
  lastRunAt: string | null;
}

export interface ColumnProfile {
  name: string;
  type: string;
  count: number;
  missing: number;
  distinct: number;
  topValues: { value: string | number; count: number }[];
  infinite: number;
  numeric: { min: number; max: number; mean: number; std: number | null; quantiles: Record<"p5" | "p25" | "p50" | "p75" | "p95", number> } | null;
}

export interface DatasetProfile {
  rowCount: number;
  columns: ColumnProfile[];
}
