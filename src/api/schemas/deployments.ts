/** Deployments: what serves under a name, its traffic policy, rollback thresholds and audit trail. */
import { z } from "zod";
import type { DeploymentEvent as DeploymentEventRecord, DeploymentRecord } from "../../store/deployment-types.ts";
import { Actor, Reason, Time } from "./common.ts";

const Percent = z.number().gt(0).lt(100);

export const TrafficPolicy = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("canary"), percent: Percent.meta({ description: "the candidate's share of request keys (the X-Request-Key header), sticky per key" }) }),
    z.object({ kind: z.literal("shadow") }).meta({ description: "the candidate gets a copy of every request; its answer is logged, never returned" }),
    z.object({ kind: z.literal("ab"), weight: Percent.meta({ description: "the candidate's share of requests" }) }),
  ])
  .meta({ id: "TrafficPolicy" });

const Reference = z.string().min(1).meta({ description: "a model reference: models:/churn/7 or models:/churn@champion" });
const Candidate = z.object({ model: Reference, policy: TrafficPolicy });
const State = z.object({ stable: z.string(), candidate: Candidate.nullable() });

export const RollbackThresholds = z
  .object({
    maxErrorRate: z.number().min(0).max(1),
    maxP99Ms: z.number().gt(0),
    minQuality: z.number().min(0).max(1).nullable().meta({ description: "a classifier's least live accuracy; null: not checked" }),
    maxRmse: z.number().gt(0).nullable().meta({ description: "a regressor's largest live RMSE; null: not checked" }),
    windowSeconds: z.number().gt(0),
    minRequests: z.number().int().min(1),
    minLabelled: z.number().int().min(1).meta({ description: "labelled predictions in the window before live quality is judged" }),
  })
  .meta({
    id: "RollbackThresholds",
    description: "over the last windowSeconds, once the candidate answered minRequests (error rate, p99) or minLabelled of its predictions have labels (accuracy, RMSE), a crossing rolls it back",
  });

export const Deployment = z
  .object({
    name: z.string(),
    stage: z.enum(["staging", "production"]),
    stable: z.string().meta({ description: "the model reference that serves; an alias is followed as it moves" }),
    candidate: Candidate.nullable(),
    thresholds: RollbackThresholds,
    createdAt: Time,
    updatedAt: Time,
  })
  .meta({ id: "Deployment" }) satisfies z.ZodType<DeploymentRecord>;

export const DeploymentEvent = z
  .object({
    id: z.number().int(),
    deployment: z.string(),
    kind: z.enum(["create", "canary", "shadow", "ab", "promote", "rollback", "auto_rollback"]),
    from: State.nullable().meta({ description: "null for the creation" }),
    to: State,
    deployed: z.object({ model: z.string(), version: z.number().int() }).nullable().meta({ description: "the model version this change put into service" }),
    figures: z.record(z.string(), z.number()).nullable().meta({ description: "what an automatic rollback measured" }),
    actor: z.string(),
    reason: z.string().nullable(),
    createdAt: Time,
  })
  .meta({ id: "DeploymentEvent" }) satisfies z.ZodType<DeploymentEventRecord>;

export const DeploymentDetail = z.object({ deployment: Deployment, events: z.array(DeploymentEvent) });
export const DeploymentChanged = z.object({ deployment: Deployment, event: DeploymentEvent });

export const DeploymentParams = z.object({ name: z.string().min(1).meta({ description: "the deployment's name" }) });


export const DeploymentChange = z.object({ actor: Actor, reason: Reason });

export const CreateDeployment = DeploymentChange.extend({
  name: z.string().min(1),
  model: Reference,
  stage: z.enum(["staging", "production"]).default("staging"),
  thresholds: RollbackThresholds.partial().optional().meta({ description: "defaults: maxErrorRate 0.05, maxP99Ms 500, minQuality null, maxRmse null, windowSeconds 60, minRequests 20, minLabelled 20" }),
});

export const SetCandidate = DeploymentChange.extend({ model: Reference, policy: TrafficPolicy });
