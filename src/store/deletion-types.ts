/**
 * Deleting runs and model versions, and collecting the artifacts nothing refers to any more.
 * Each call is one transaction; with `dryRun` it does and counts the same work, then rolls
 * back, so what a dry run reports is what the real one would do.
 */
import type { ModelVersionRecord } from "./registry-types.ts";
import type { ArtifactRecord, RunRecord } from "./types.ts";

export interface DeleteOptions {
  dryRun?: boolean;
}

export interface RunDeletion {
  run: RunRecord;
  tasks: number;
  attempts: number;
  /** Lineage events removed: the artifacts they named may now be garbage. */
  lineageEvents: number;
  metricPoints: number;
  logLines: number;
}

export interface GarbageCollection {
  /** The artifact records removed: no lineage event and no model version refers to them. */
  artifacts: ArtifactRecord[];
  /**
   * Content URIs no remaining record names, with their size: the files to delete, only
   * after the commit, since a rolled-back collection must leave every file in place.
   */
  contents: { uri: string; digest: string; size: number }[];
}

export interface DeletionStore {
  /**
   * Removes a run with its tasks, attempts, logs, metrics, params, tags and lineage events.
   * Unknown run, or one still pending or running: a ConveyorError ("not_found", "run_active").
   * A run that model versions were registered from: a ConveyorError ("in_use") naming them.
   * Tasks of other runs that reused its outputs from the cache keep their own lineage.
   */
  deleteRun(id: string, options?: DeleteOptions): Promise<RunDeletion>;
  /**
   * Removes one version; the model keeps its other versions, and numbers are never reused.
   * Unknown model or version: "not_found"; a version an alias points to: "in_use" naming the alias.
   */
  deleteModelVersion(model: string, version: number, options?: DeleteOptions): Promise<ModelVersionRecord>;
  /**
   * Removes artifact records no lineage event and no model version refers to. Artifacts
   * recorded since the oldest run still in progress began are kept: that run may not have
   * recorded the lineage of what it stored yet.
   */
  collectGarbage(options?: DeleteOptions): Promise<GarbageCollection>;
  /**
   * The URIs of these contents that an artifact record names: content stored under none was
   * left by a task that stopped between storing an output and recording it.
   */
  recordedUris(contents: readonly { digest: string; uri: string }[]): Promise<Set<string>>;
}
