/**
 * The metadata store: everything Conveyor knows about pipelines, runs, tasks, attempts,
 * artifacts, lineage, logs and metrics, experiments, the model registry, deployments and monitors. One interface,
 * two backends (SQLite embedded, PostgreSQL for teams). Every method that changes state is
 * one transaction.
 */
import type { Json } from "../json.ts";
import type { DeletionStore } from "./deletion-types.ts";
import type { DeploymentStore } from "./deployment-types.ts";
import type { LogSegmentStore } from "./log-segment-types.ts";
import type { MonitorStore } from "./monitor-types.ts";
import type { RegistryStore } from "./registry-types.ts";
import type { RunContext, TrackingStore } from "./tracking-types.ts";
import type { TriggerStore } from "./trigger-types.ts";

export type RunStatus = "pending" | "running" | "succeeded" | "failed" | "cancelled";
export type TaskStatus =
  | "pending"
  | "running"
  | "succeeded"
  | "failed"
  | "skipped"
  | "cached"
  | "cancelled";
export type AttemptStatus = "running" | "succeeded" | "failed" | "cancelled" | "interrupted";

export const TERMINAL_TASK_STATUSES: readonly TaskStatus[] = [
  "succeeded",
  "failed",
  "skipped",
  "cached",
  "cancelled",
];
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ["succeeded", "failed", "cancelled"];


/** A window of a list, in the list's own order: what one page of an API list reads. */
export interface ListWindow {
  limit: number;
  offset: number;
}

/**
 * A window of a list by name: at most `limit` items, those named after `after` when given.
 * By key, not position, so a name added or deleted before the window does not shift it.
 */
export interface NameWindow {
  limit: number;
  after?: string;
}

export interface PipelineRecord {
  digest: string;
  name: string;
  /** Equal as JSON, not as text: Postgres (jsonb) does not keep object key order, so hash canonical JSON. */
  ir: Json;
  createdAt: Date;
}

export type PipelineSummary = Omit<PipelineRecord, "ir">;

export interface RunOptions {
  concurrency: number;
  noCache: boolean;
  failFast: boolean;
}

export interface RunRecord {
  id: string;
  pipelineDigest: string;
  pipelineName: string;
  /** The experiment the run belongs to; by default its pipeline's name. */
  experiment: string;
  status: RunStatus;
  params: Record<string, Json>;
  options: RunOptions;
  /** What started the run: "cli", "api", "schedule", "resume:<run>", ... */
  trigger: string;
  /** Set by `conveyor cancel`; the engine that owns the run polls it. */
  cancelRequested: boolean;
  error: string | null;
  /** Which process drives the run ("host:pid") and until when its lease holds. */
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  /** Bumped by every take of the lease: with the owner, it names one drive of the run. */
  leaseEpoch: number;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
}

export interface TaskRecord {
  id: string;
  runId: string;
  /** Unique within the run: the IR task name, with `[i]` for a loop iteration. */
  name: string;
  /** The IR task this instance runs. */
  node: string;
  /** Index in the enclosing forEach, or null outside a loop. */
  iteration: number | null;
  status: TaskStatus;
  cacheKey: string | null;
  /** The parts the cache key was made of, to explain a miss. */
  cacheKeyParts: Json | null;
  /** When status is "cached": the task whose outputs were reused. */
  cachedFromTaskId: string | null;
  /** Output parameter values, once succeeded or cached. */
  outputs: Record<string, Json> | null;
  /** Attempts made so far (the next attempt is attempts + 1). */
  attempts: number;
  /** Earliest time the next attempt may start (retry backoff). */
  notBefore: Date | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
}

export interface AttemptRecord {
  id: string;
  taskId: string;
  number: number;
  status: AttemptStatus;
  error: string | null;
  startedAt: Date;
  endedAt: Date | null;
}

export interface ArtifactRecord {
  id: string;
  /** "sha256:<hex>" of the content. */
  digest: string;
  /** Where the content lives, e.g. "file:///abs/.conveyor/artifacts/sha256/ab/cdef...". */
  uri: string;
  size: number;
  mediaType: string;
  /** Dataset, Model, Metrics, Artifact, ... */
  type: string;
  metadata: Record<string, Json>;
  createdAt: Date;
}

/** Lineage: an execution (task attempt) used or produced an artifact under an input/output name. */
export interface LineageEvent {
  taskId: string;
  attemptId: string | null;
  artifactId: string;
  kind: "input" | "output";
  name: string;
  createdAt: Date;
}

/** An artifact a task of a run used or produced, once however many attempts recorded it. */
export interface ArtifactUse {
  taskId: string;
  taskName: string;
  kind: "input" | "output";
  name: string;
  artifact: ArtifactRecord;
  /** When the first attempt recorded it. */
  createdAt: Date;
}

/** An attempt with the name of its task, as a run's attempts are listed. */
export interface RunAttemptRecord extends AttemptRecord {
  taskName: string;
}

/** Which of a run's metric points to read: every one, or only one metric's, one task's, or both. */
export interface MetricFilter {
  name?: string;
  taskId?: string;
}

export interface LogLine {
  /** Assigned by the store, increasing in insertion order; `readLogs` follows from it. */
  id?: number;
  attemptId: string;
  seq: number;
  time: Date;
  level: "debug" | "info" | "warn" | "error";
  /** "log" for ctx.log lines, "stdout"/"stderr" for console output of isolated tasks. */
  stream: "log" | "stdout" | "stderr";
  message: string;
}

export interface MetricPoint {
  runId: string;
  taskId: string | null;
  name: string;
  value: number;
  step: number | null;
  time: Date;
}

/**
 * A run's lease as the process that took it holds it. The store applies a driver's writes only
 * while the run's lease is still this one, checked in the statement that writes.
 */
export interface Lease {
  owner: string;
  epoch: number;
}

export interface NewRun {
  pipeline: { digest: string; name: string; ir: Json };
  params: Record<string, Json>;
  options: RunOptions;
  trigger: string;
  /** Created if missing; defaults to the pipeline's name. */
  experiment?: string;
  tags?: Record<string, string>;
  context?: RunContext;
}

export interface NewTask {
  name: string;
  node: string;
  iteration: number | null;
}

/** A state change of one task, applied atomically with the others in a `transition` call. */
export interface TaskUpdate {
  taskId: string;
  status?: TaskStatus;
  cacheKey?: string | null;
  cacheKeyParts?: Json | null;
  cachedFromTaskId?: string | null;
  outputs?: Record<string, Json> | null;
  attempts?: number;
  notBefore?: Date | null;
  error?: string | null;
  startedAt?: Date | null;
  endedAt?: Date | null;
}

/** Records committed together with a transition: attempts begun or ended, lineage events. */
export interface TransitionEffects {
  startAttempts?: { taskId: string; number: number }[];
  finishAttempts?: { id: string; status: Exclude<AttemptStatus, "running">; error: string | null }[];
  lineage?: Omit<LineageEvent, "createdAt">[];
}

export interface TransitionResult {
  /** The attempts started, in the order of `startAttempts`. */
  attempts: AttemptRecord[];
}

export interface RunUpdate {
  status?: RunStatus;
  error?: string | null;
  startedAt?: Date | null;
  endedAt?: Date | null;
  cancelRequested?: boolean;
  /** null releases the run's lease, whoever holds it: a run's last transition ends its drive. */
  leaseOwner?: null;
}

/** A run as it is now, with its tasks that changed after a given change number. */
export interface RunChanges {
  run: RunRecord;
  /** The number of the run's latest change: passed back, it asks for what changes after this read. */
  seq: number;
  tasks: TaskRecord[];
}

export interface RunFilter {
  pipelineName?: string;
  status?: RunStatus;
  limit?: number;
  /** Runs created strictly before this run (keyset pagination, newest first). */
  before?: string;
}

export interface NewArtifact {
  digest: string;
  uri: string;
  size: number;
  mediaType: string;
  type: string;
  metadata: Record<string, Json>;
}

export interface MetadataStore extends TrackingStore, RegistryStore, DeletionStore, DeploymentStore, LogSegmentStore, TriggerStore, MonitorStore {
  /** Human-readable location, e.g. the SQLite path or the Postgres URL without password. */
  readonly location: string;
  /** Safe to call more than once. */
  close(): Promise<void>;

  savePipeline(p: { digest: string; name: string; ir: Json }): Promise<void>;
  getPipeline(digest: string): Promise<PipelineRecord | undefined>;
  /** The latest saved IR of each pipeline name (its IR left out), by name compared by code point; only those in `window` when given. */
  listPipelines(window?: NameWindow): Promise<PipelineSummary[]>;

  /** Creates the run (status pending) and its initial tasks in one transaction. */
  createRun(run: NewRun, tasks: NewTask[]): Promise<RunRecord>;
  getRun(id: string): Promise<RunRecord | undefined>;
  /**
   * Accepts a unique id prefix (at least 4 characters) as `getRun` does not, in any case.
   * A prefix matching several runs throws a ConveyorError (code "ambiguous_id") naming them.
   */
  findRun(idOrPrefix: string): Promise<RunRecord | undefined>;
  listRuns(filter?: RunFilter): Promise<RunRecord[]>;
  /** Throws a ConveyorError (code "not_found") for an unknown run. */
  updateRun(id: string, update: RunUpdate): Promise<RunRecord>;

  /**
   * Takes the run's lease for `owner` until `expiresAt`, bumping its epoch. Succeeds when the
   * lease is free, expired, or held by an owner in `staleOwners` (a process known to be dead),
   * and returns the run as it is then (`leaseOwner` and `leaseEpoch` are the lease taken):
   * whoever takes a lease reads the run next, and gets it in the same statement. Returns
   * undefined when the lease is held, by another owner or by `owner` itself. Throws a
   * ConveyorError (code "not_found") for an unknown run.
   */
  acquireLease(runId: string, owner: string, expiresAt: Date, staleOwners?: string[]): Promise<RunRecord | undefined>;
  /**
   * Extends `lease` until `expiresAt`, and returns the run as it is then; even an expired
   * lease, as long as no one took it since. Throws a ConveyorError (code "lease_lost") when
   * the run's lease is not `lease` any more: taken over, released, or the run deleted.
   */
  renewLease(runId: string, lease: Lease, expiresAt: Date): Promise<RunRecord>;
  /** Frees the run's lease if it is still `lease`. */
  releaseLease(runId: string, lease: Lease): Promise<void>;

  /** In creation order; only the tasks in `window` when given. */
  listTasks(runId: string, window?: ListWindow): Promise<TaskRecord[]>;
  /**
   * The run, and its tasks changed after change `afterSeq` (all of them without it), in id
   * order: what a follower of a live run reads on each poll. Undefined for an unknown run.
   */
  runChanges(runId: string, afterSeq?: number): Promise<RunChanges | undefined>;
  getTask(id: string): Promise<TaskRecord | undefined>;
  /**
   * Adds tasks to a run (loop iterations discovered at run time). Names must be new. With
   * `lease`, as `transition`: only while the run's lease is still it.
   */
  addTasks(runId: string, tasks: NewTask[], lease?: Lease): Promise<TaskRecord[]>;
  /**
   * Applies several task updates, and optionally a run update and the attempt and lineage
   * records that go with them, in one transaction. Throws, and applies nothing, when a task is
   * not one of the run's, the run does not exist, or an attempt to finish is unknown. With
   * `lease` (what a driver passes), applies them only while the run's lease is still that
   * one, and otherwise throws a ConveyorError (code "lease_lost"). Returns the attempts it
   * started.
   */
  transition(runId: string, tasks: TaskUpdate[], run?: RunUpdate, effects?: TransitionEffects, lease?: Lease): Promise<TransitionResult>;

  /**
   * Latest task with this cache key, executed or itself a cache hit, whose run is not this one,
   * if any. A hit holds its outputs as its source did, so deleting the run that computed them
   * leaves the runs that reused them as sources.
   */
  findCacheHit(cacheKey: string, excludeRunId?: string): Promise<TaskRecord | undefined>;
  /** The most recent task with this node name in an earlier run of the same pipeline name. */
  findPreviousTask(pipelineName: string, node: string, beforeRunId: string): Promise<TaskRecord | undefined>;

  startAttempt(taskId: string, number: number): Promise<AttemptRecord>;
  /** Throws for an unknown attempt. */
  finishAttempt(id: string, status: Exclude<AttemptStatus, "running">, error: string | null): Promise<void>;
  /** First to last; only the attempts in `window` when given. */
  listAttempts(taskId: string, window?: ListWindow): Promise<AttemptRecord[]>;
  /** Attempts of every task of the run in the order they started; only those in `window` when given. */
  listRunAttempts(runId: string, window?: ListWindow): Promise<RunAttemptRecord[]>;
  /** Attempts still marked running in this run (left by a process that died). */
  listRunningAttempts(runId: string): Promise<AttemptRecord[]>;

  /** Records the artifact (or returns the existing record with the same digest, uri and type). */
  putArtifact(a: NewArtifact): Promise<ArtifactRecord>;
  getArtifact(id: string): Promise<ArtifactRecord | undefined>;
  /**
   * Matches a digest or a prefix of one, with or without "sha256:", in any case; oldest record
   * first, only those in `window` when given.
   */
  findArtifactsByDigest(digestOrPrefix: string, window?: ListWindow): Promise<ArtifactRecord[]>;
  recordLineage(events: Omit<LineageEvent, "createdAt">[]): Promise<void>;
  /** Lineage events of a task (its inputs and outputs). */
  taskLineage(taskId: string): Promise<(LineageEvent & { artifact: ArtifactRecord })[]>;
  /** Events that touch an artifact (who produced it, who used it). */
  artifactLineage(artifactId: string): Promise<(LineageEvent & { task: TaskRecord })[]>;
  /**
   * What each task of the run used and produced, each use once (a retried task records its
   * inputs once per attempt), in the order first recorded; only those in `window` when given.
   */
  listArtifactUses(runId: string, window?: ListWindow): Promise<ArtifactUse[]>;

  appendLogs(lines: LogLine[]): Promise<void>;
  /** Log lines of the given attempts in insertion order, only those with id > afterId if given, and at most `limit`. */
  readLogs(attemptIds: string[], afterId?: number, limit?: number): Promise<Required<LogLine>[]>;

  /** Throws a ConveyorError (code "invalid_metric"), storing none, when a value is not finite. */
  logMetrics(points: MetricPoint[]): Promise<void>;
  /** The run's points that match `filter`, in the order logged; only those in `window` when given. */
  listMetrics(runId: string, filter?: MetricFilter, window?: ListWindow): Promise<MetricPoint[]>;
}
