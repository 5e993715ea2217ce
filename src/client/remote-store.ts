/** The store methods the CLI calls, answered by a Conveyor server's API instead of a local database. */
import { Artifact } from "../api/schemas/artifacts.ts";
import { AliasEvent, AliasSet, Model, ModelDetail, ModelVersion, VersionDeletion } from "../api/schemas/models.ts";
import { RunDetail, Task } from "../api/schemas/runs.ts";
import { ExperimentSummary, RunDeletion, RunSummary, TaskMetrics } from "../api/schemas/tracking.ts";
import type { InspectStore } from "../inspect/stored-runs.ts";
import type { ArtifactView } from "../inspect/lineage-graph.ts";
import { isConveyorError } from "../errors.ts";
import type { TaskMetrics as TaskMetricsRecord } from "../store/metric-key.ts";
import type { DeleteOptions, RunDeletion as RunDeletionRecord } from "../store/deletion-types.ts";
import type { AliasChange, AliasEvent as AliasEventRecord, ModelRecord, ModelVersionRecord } from "../store/registry-types.ts";
import type { ExperimentSummary as ExperimentSummaryRecord, RunSearch, RunSummary as RunSummaryRecord } from "../store/tracking-types.ts";
import type { RunRecord, TaskRecord } from "../store/types.ts";
import type { ApiClient } from "./http.ts";

/** The most items the server gives in one page. */
const PAGE = 1000;

const path = (...parts: (string | number)[]) => `/api/v1/${parts.map((p) => encodeURIComponent(String(p))).join("/")}`;

/** What the local store answers with `undefined`, the server answers with a 404. */
async function unlessNotFound<T>(answer: Promise<T>): Promise<T | undefined> {
  try {
    return await answer;
  } catch (error) {
    if (isConveyorError(error) && error.code === "not_found") return undefined;
    throw error;
  }
}

/**
 * The decoded answers are the store's records: each API schema `satisfies` the record type it
 * sends (src/api/schemas), with Dates for times.
 */
export class RemoteStore implements InspectStore {
  constructor(
    private readonly api: ApiClient,
    /** The server's own store, as the server names it: what the CLI prints as "stored in". */
    readonly location: string,
  ) {}

  async findRun(idOrPrefix: string): Promise<RunRecord | undefined> {
    const detail = await unlessNotFound(this.api.request(RunDetail, path("runs", idOrPrefix)));
    return detail?.run;
  }

  getRun(id: string): Promise<RunRecord | undefined> {
    return this.findRun(id);
  }

  async listTasks(runId: string): Promise<TaskRecord[]> {
    return (await this.api.all(Task, path("runs", runId, "tasks"), { limit: PAGE }));
  }

  async getTask(id: string): Promise<TaskRecord | undefined> {
    return (await unlessNotFound(this.api.request(Task, path("tasks", id))));
  }

  async searchRuns(search: RunSearch): Promise<RunSummaryRecord[]> {
    const { experiment, pipelineName: pipeline, status, where, sort, limit, offset = 0 } = search;
    // Pages are the server's to cut; an offset is the first runs of the first pages, skipped.
    const wanted = limit === undefined ? Infinity : offset + limit;
    const query = { experiment, pipeline, status, where, sort, limit: Math.min(PAGE, wanted) };
    const found = await this.api.all(RunSummary, "/api/v1/runs/search", query, wanted);
    return found.slice(offset);
  }

  async listExperiments(): Promise<ExperimentSummaryRecord[]> {
    return this.api.all(ExperimentSummary, path("experiments"), { limit: PAGE });
  }

  latestMetrics(runId: string): Promise<TaskMetricsRecord> {
    return this.api.request(TaskMetrics, path("runs", runId, "metrics", "latest"));
  }

  async findArtifactsByDigest(digestOrPrefix: string): Promise<ArtifactView[]> {
    return (await this.api.all(Artifact, path("artifacts"), { digest: digestOrPrefix, limit: PAGE }));
  }

  listModels(): Promise<ModelRecord[]> {
    return this.api.all(Model, path("models"), { limit: PAGE });
  }

  async getModel(name: string): Promise<ModelRecord | undefined> {
    return (await unlessNotFound(this.api.request(ModelDetail, path("models", name))))?.model;
  }

  async getModelVersion(model: string, version: number): Promise<ModelVersionRecord | undefined> {
    return (await unlessNotFound(this.api.request(ModelVersion, path("models", model, "versions", version))));
  }

  async listModelVersions(model: string): Promise<ModelVersionRecord[]> {
    return (await this.api.all(ModelVersion, path("models", model, "versions"), { limit: PAGE }));
  }

  aliasEvents(model: string, alias?: string): Promise<AliasEventRecord[]> {
    return this.api.all(AliasEvent, path("models", model, "events"), { alias, limit: PAGE });
  }

  async setAlias(model: string, alias: string, version: number, change: AliasChange): Promise<AliasEventRecord | null> {
    const body = { version, reason: change.reason ?? null, actor: change.actor };
    return (await this.api.request(AliasSet, path("models", model, "aliases", alias), { method: "PUT", body })).event;
  }

  deleteAlias(model: string, alias: string, change: AliasChange): Promise<AliasEventRecord> {
    return this.api.request(AliasEvent, path("models", model, "aliases", alias), {
      method: "DELETE",
      query: { reason: change.reason ?? undefined, actor: change.actor },
    });
  }

  rollbackAlias(model: string, alias: string, change: AliasChange): Promise<AliasEventRecord> {
    const body = { reason: change.reason ?? null, actor: change.actor };
    return this.api.request(AliasEvent, path("models", model, "aliases", alias, "rollback"), { method: "POST", body });
  }

  async deleteModelVersion(model: string, version: number, options: DeleteOptions = {}): Promise<ModelVersionRecord> {
    const query = { dryRun: options.dryRun === true ? 1 : undefined };
    const answer = await this.api.request(VersionDeletion, path("models", model, "versions", version), { method: "DELETE", query });
    return answer.version;
  }

  async deleteRun(id: string, options: DeleteOptions = {}): Promise<RunDeletionRecord> {
    const query = { dryRun: options.dryRun === true ? 1 : undefined };
    const { dryRun: _, ...deletion } = await this.api.request(RunDeletion, path("runs", id), { method: "DELETE", query });
    return deletion;
  }
}
