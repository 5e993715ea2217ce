/** The model registry: models, their numbered versions, aliases and the audit trail of every alias change. */
import { z } from "zod";
import type { AliasEvent as AliasEventRecord, ModelRecord, ModelVersionRecord } from "../../store/registry-types.ts";
import { Actor, JsonValue, Reason, Time } from "./common.ts";

const Signature = z.object({ inputs: JsonValue, outputs: JsonValue });

export const Model = z
  .object({
    name: z.string(),
    description: z.string().nullable(),
    createdAt: Time,
    updatedAt: Time,
    latestVersion: z.number().int().meta({ description: "0 when every version was deleted" }),
    aliases: z.record(z.string(), z.number().int()).meta({ description: "alias → version" }),
  })
  .meta({ id: "Model" }) satisfies z.ZodType<ModelRecord>;

export const ModelVersion = z
  .object({
    model: z.string(),
    version: z.number().int(),
    runId: z.string(),
    taskId: z.string().nullable(),
    artifactId: z.string(),
    digest: z.string().meta({ description: "the artifact's content digest: a model never has two versions with the same" }),
    description: z.string().nullable(),
    tags: z.record(z.string(), z.string()),
    signature: Signature.nullable().meta({ description: "the model's input and output schema, as registered" }),
    metrics: z.record(z.string(), z.number()).meta({ description: "the run's latest metrics when the version was registered" }),
    aliases: z.array(z.string()).meta({ description: "the aliases pointing at this version now" }),
    createdBy: z.string(),
    createdAt: Time,
  })
  .meta({ id: "ModelVersion" }) satisfies z.ZodType<ModelVersionRecord>;

export const AliasEvent = z
  .object({
    id: z.number().int(),
    model: z.string(),
    alias: z.string(),
    kind: z.enum(["set", "delete", "rollback"]),
    fromVersion: z.number().int().nullable().meta({ description: "null: the alias was not set" }),
    toVersion: z.number().int().nullable().meta({ description: "null: the alias was deleted" }),
    actor: z.string(),
    reason: z.string().nullable(),
    createdAt: Time,
  })
  .meta({ id: "AliasEvent" }) satisfies z.ZodType<AliasEventRecord>;

export const ModelDetail = z.object({ model: Model, versions: z.array(ModelVersion), aliasEvents: z.array(AliasEvent) });

export const ModelParams = z.object({ model: z.string().min(1).meta({ description: "the model's name" }) });
export const VersionParams = ModelParams.extend({
  version: z.string().min(1).meta({ description: "a version number, or an alias (e.g. champion) to resolve" }),
});
/** Versions are stored as 32-bit integers: a larger number names no version, and is refused as malformed. */
export const MAX_VERSION = 2_147_483_647;
const VersionNumber = z.number().int().min(1).max(MAX_VERSION);

export const NumberedVersionParams = ModelParams.extend({
  version: z.coerce.number().pipe(VersionNumber).meta({ description: "the version number" }),
});
export const AliasParams = ModelParams.extend({ alias: z.string().min(1).meta({ description: "e.g. champion" }) });


export const RegisterVersion = z
  .object({
    run: z.string().min(1).meta({ description: "the run (id or a unique prefix)" }),
    task: z.string().min(1).meta({ description: 'the task that produced the artifact ("main" for a run made with startRun)' }),
    output: z.string().min(1).default("model").meta({ description: "the task's output artifact" }),
    alias: z.string().min(1).optional().meta({ description: "point this alias (e.g. champion) at the new version, in the same transaction" }),
    reason: Reason,
    description: z.string().nullable().optional(),
    tags: z.record(z.string(), z.string()).default({}),
    signature: Signature.optional().meta({ description: "the input and output schema; by default the artifact's `signature` metadata" }),
    actor: Actor,
  })
  .strict()
  .meta({ id: "RegisterVersion" });

export const SetAlias = z
  .object({ version: VersionNumber, reason: Reason, actor: Actor })
  .strict()
  .meta({ id: "SetAlias" });

export const AliasChangeBody = z.object({ reason: Reason, actor: Actor }).strict();
export const AliasChangeQuery = z.object({ reason: z.string().max(2000).optional().meta({ description: "why, for the audit trail" }), actor: Actor });

export const AliasSet = z.object({
  event: AliasEvent.nullable().meta({ description: "null when the alias pointed at that version already" }),
});

export const EventsQuery = z.object({ alias: z.string().min(1).optional().meta({ description: "only this alias's events" }) });

export const VersionDeletion = z.object({ dryRun: z.boolean(), version: ModelVersion });
