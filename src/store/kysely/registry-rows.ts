import type { AliasEvent, AliasEventKind, ModelSignature, ModelVersionRecord } from "../registry-types.ts";
import type { AliasEventRow, ModelVersionRow } from "./tables.ts";

export function toModelVersionRecord(model: string, row: ModelVersionRow, aliases: string[]): ModelVersionRecord {
  return {
    model,
    version: row.version,
    runId: row.run_id,
    taskId: row.task_id,
    artifactId: row.artifact_id,
    digest: row.digest,
    description: row.description,
    tags: JSON.parse(row.tags) as Record<string, string>,
    signature: row.signature === null ? null : (JSON.parse(row.signature) as ModelSignature),
    metrics: JSON.parse(row.metrics) as Record<string, number>,
    aliases,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
  };
}

export function toAliasEvent(model: string, row: Omit<AliasEventRow, "id"> & { id: number }): AliasEvent {
  return {
    id: row.id,
    model,
    alias: row.alias,
    kind: row.kind as AliasEventKind,
    fromVersion: row.from_version,
    toVersion: row.to_version,
    actor: row.actor,
    reason: row.reason,
    createdAt: new Date(row.created_at),
  };
}
