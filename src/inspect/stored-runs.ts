/**
 * The port every interface reads runs through: the local store answers it in the CLI and the
 * API, a Conveyor server answers it in the remote client.
 */
import type { RegisterModelOptions } from "../registry/register.ts";
import type { ModelVersionRecord } from "../store/registry-types.ts";
import type { MetadataStore, RunRecord } from "../store/types.ts";
import type { Deployments } from "./deployments.ts";
import type { ArtifactView, LineageGraph, LineageTarget } from "./lineage-graph.ts";
import type { LogSource } from "./log-tail.ts";
import type { RunDetails } from "./run-summary.ts";

/** The store methods the inspection and registry commands call: the local store has them all, the remote client these. */
export type InspectStore = Pick<
  MetadataStore,
  | "location"
  | "findRun"
  | "getRun"
  | "listTasks"
  | "getTask"
  | "searchRuns"
  | "listExperiments"
  | "latestMetrics"
  | "listModels"
  | "getModel"
  | "getModelVersion"
  | "listModelVersions"
  | "aliasEvents"
  | "setAlias"
  | "deleteAlias"
  | "rollbackAlias"
  | "deleteModelVersion"
  | "deleteRun"
> & {
  /** As the store's, less where each content lives: a server does not show its paths. */
  findArtifactsByDigest(digestOrPrefix: string): Promise<ArtifactView[]>;
};

/** A registered version's model file, as `models download` copies it. */
export interface ModelFile {
  version: ModelVersionRecord;
  /** What the registry recorded of the file: the bytes must hash to `digest`. */
  artifact: Pick<ArtifactView, "digest" | "size" | "mediaType">;
  content: AsyncIterable<Uint8Array>;
}

/**
 * What those commands work with. Beyond store calls, what takes many reads or more than the
 * store (the engine) is one operation, which a server does in one request.
 */
export interface StoredRuns {
  store: InspectStore;
  runDetails(run: RunRecord): Promise<RunDetails>;
  lineage(target: LineageTarget): Promise<LineageGraph>;
  registerModel(options: RegisterModelOptions): Promise<ModelVersionRecord>;
  /** Asks whichever process executes the run to stop it, or marks it cancelled when none does. */
  cancelRun(runId: string): Promise<RunRecord>;
  /** Log lines of a run's tasks, each read returning what is new. */
  logTail(runId: string): LogSource;
  /** Deployments: what `conveyor deploy` lists, shows and changes. */
  deployments: Deployments;
  /** `models:/churn@champion` or `models:/churn/3` (or without `models:/`) to its file's bytes. */
  modelFile(reference: string): Promise<ModelFile>;
}
