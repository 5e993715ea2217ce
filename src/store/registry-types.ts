/**
 * The model registry in the metadata store: registered models, their immutable numbered
 * versions (each tied to the run, task and artifact that produced it), and aliases whose
 * every change is an audited event.
 */
import type { Json } from "../json.ts";
import type { ListWindow, NameWindow } from "./types.ts";

/** The input and output schema of a model, as whoever registered it described them. */
export interface ModelSignature {
  inputs: Json;
  outputs: Json;
}

export interface ModelRecord {
  name: string;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
  latestVersion: number;
  /** Alias → version. */
  aliases: Record<string, number>;
}

export interface ModelVersionRecord {
  model: string;
  version: number;
  runId: string;
  taskId: string | null;
  artifactId: string;
  /** The artifact's content digest: one model never has two versions with the same. */
  digest: string;
  description: string | null;
  tags: Record<string, string>;
  signature: ModelSignature | null;
  metrics: Record<string, number>;
  /** The aliases pointing at this version now. */
  aliases: string[];
  createdBy: string;
  createdAt: Date;
}

export type AliasEventKind = "set" | "delete" | "rollback";

/** One change of an alias: from which version to which (null: unset), by whom, when and why. */
export interface AliasEvent {
  id: number;
  model: string;
  alias: string;
  kind: AliasEventKind;
  fromVersion: number | null;
  toVersion: number | null;
  actor: string;
  reason: string | null;
  createdAt: Date;
}

export interface NewModelVersion {
  model: string;
  runId: string;
  taskId: string | null;
  artifactId: string;
  description?: string | null;
  tags?: Record<string, string>;
  signature?: ModelSignature | null;
  metrics?: Record<string, number>;
  actor: string;
  /** Point this alias at the new version, in the same transaction. */
  alias?: { name: string; reason?: string | null };
}

export interface AliasChange {
  actor: string;
  reason?: string | null;
}

export interface RegistryStore {
  /**
   * Registers the next version of `model` (creating the model at version 1). Registering an
   * artifact the model already has is a ConveyorError (code "duplicate_version") naming that
   * version; nothing is written then, nor when the alias cannot be set.
   */
  createModelVersion(v: NewModelVersion): Promise<ModelVersionRecord>;
  getModel(name: string): Promise<ModelRecord | undefined>;
  /** By name, compared by code point on every backend; only those in `window` when given. */
  listModels(window?: NameWindow): Promise<ModelRecord[]>;
  getModelVersion(model: string, version: number): Promise<ModelVersionRecord | undefined>;
  /** Oldest first, only those in `window` when given. Throws a ConveyorError (code "not_found") for an unknown model. */
  listModelVersions(model: string, window?: ListWindow): Promise<ModelVersionRecord[]>;
  /** The versions, of any model, registered from this artifact record (lineage downstream), by model then version. */
  artifactModelVersions(artifactId: string): Promise<ModelVersionRecord[]>;
  /**
   * Points an alias at a version; returns the event, or null when it already pointed there.
   * Unknown model or version: a ConveyorError (code "not_found").
   */
  setAlias(model: string, alias: string, version: number, change: AliasChange): Promise<AliasEvent | null>;
  /** Unknown model or alias: a ConveyorError (code "not_found"). */
  deleteAlias(model: string, alias: string, change: AliasChange): Promise<AliasEvent>;
  /**
   * Moves the alias back to the version that held it before its current one, as the audit
   * trail tells. A ConveyorError (code "no_rollback") when no earlier version held it.
   */
  rollbackAlias(model: string, alias: string, change: AliasChange): Promise<AliasEvent>;
  /** The audit trail of a model's aliases (or one alias), oldest first; only the events in `window` when given. */
  aliasEvents(model: string, alias?: string, window?: ListWindow): Promise<AliasEvent[]>;
}
