/**
 * Experiment tracking in the metadata store: experiments grouping runs, run tags, params
 * logged after a run started, the code and environment a run ran with, and run search.
 */
import type { Json } from "../json.ts";
import type { TaskMetrics } from "./metric-key.ts";
import type { MetricPoint, NameWindow, RunRecord, RunStatus } from "./types.ts";

/**
 * The pipeline every run made with the tracking API (`startRun`) points to: such a run has
 * no IR, and its one task, "main", stands for the code that logged it.
 */
export const TRACKING_PIPELINE = { digest: "tracking", name: "api", ir: { tracking: true } } as const;
export const TRACKING_TASK = "main";

/** What a run ran with, captured when it was created. */
export interface RunContext {
  /** Null outside a git repository (or without git). */
  code: { commit: string | null; branch: string | null; dirty: boolean } | null;
  environment: {
    node: string;
    platform: string;
    arch: string;
    conveyor: string;
    /** Installed versions of the project's direct dependencies. */
    packages: Record<string, string>;
  };
}

export interface ExperimentRecord {
  name: string;
  description: string | null;
  createdAt: Date;
}

export interface ExperimentSummary extends ExperimentRecord {
  runs: number;
  lastRunAt: Date | null;
}

export interface RunSearch {
  experiment?: string;
  pipelineName?: string;
  status?: RunStatus;
  /**
   * The filter language, e.g. `metrics.auc > 0.9 and params.trees >= 100` (see store/query).
   * `metrics.<task>.<name>` names one task's metric; a bare `metrics.<name>` is a ConveyorError
   * (code "ambiguous_metric") when more than one task of a run searched (by experiment,
   * pipeline and status) logged it. The same holds for `sort`.
   */
  where?: string;
  /** e.g. `-metrics.auc,created`; newest first when absent, and as the last tie-break. */
  sort?: string;
  limit?: number;
  offset?: number;
}

/** A run as search returns it: with its tags and the latest value of each metric of each task. */
export interface RunSummary extends RunRecord {
  tags: Record<string, string>;
  metrics: TaskMetrics;
}

export interface TrackingStore {
  /** Throws a ConveyorError (code "exists") when the experiment exists already. */
  createExperiment(name: string, description?: string | null): Promise<ExperimentRecord>;
  getExperiment(name: string): Promise<ExperimentRecord | undefined>;
  /**
   * Every experiment, with how many runs it has and when the latest was created; by name,
   * compared by code point on every backend. Only those in `window` when given.
   */
  listExperiments(window?: NameWindow): Promise<ExperimentSummary[]>;

  getRunContext(runId: string): Promise<RunContext | undefined>;
  /** Adds or replaces tags. Throws a ConveyorError (code "not_found") for an unknown run. */
  setRunTags(runId: string, tags: Record<string, string>): Promise<void>;
  getRunTags(runId: string): Promise<Record<string, string>>;
  /**
   * Adds parameters to a run. A parameter already logged with another value is a
   * ConveyorError (code "param_conflict"), and then none of them is stored.
   */
  logParams(runId: string, params: Record<string, Json>): Promise<void>;

  /** Throws a ConveyorError (code "invalid_filter" / "invalid_sort") pointing at a mistake in `where` or `sort`. */
  searchRuns(search: RunSearch): Promise<RunSummary[]>;
  /** How many runs `searchRuns` would find without limit and offset. */
  countRuns(search: Omit<RunSearch, "sort" | "limit" | "offset">): Promise<number>;
  /** The latest value of each metric of each task of the run (a cached task has its source's values). */
  latestMetrics(runId: string): Promise<TaskMetrics>;
  /** The full history of one metric of a run, in the order it was logged. */
  metricHistory(runId: string, name: string): Promise<MetricPoint[]>;
}
