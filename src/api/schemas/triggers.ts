/** Triggers over the API: a trigger's state, its events, and recording one (a manual fire, a monitor's). */
import { z } from "zod";
import { JsonObject, JsonValue, Limit, MaybeTime, Time } from "./common.ts";

export const TriggerParams = z.object({ trigger: z.string().min(1).meta({ description: "the trigger's name" }) });

export const TriggerEventStatus = z.enum(["pending", "claimed", "fired", "skipped", "failed"]);

export const TriggerEvent = z
  .object({
    id: z.string(),
    trigger: z.string(),
    key: z.string().meta({ description: "unique within the trigger: tick@<time>, data@<digest>, window@<monitor window id>, manual@<id>, or the key given" }),
    source: z.string().meta({ description: "what the run's trigger says: schedule:nightly, data:new-files@<digest>, drift:churn-monitor@7, manual:<who>" }),
    payload: JsonObject,
    status: TriggerEventStatus,
    claimedBy: z.string().nullable(),
    claimExpiresAt: MaybeTime,
    runId: z.string().nullable().meta({ description: "the run it started" }),
    reason: z.string().nullable().meta({ description: "why it was skipped or failed" }),
    createdAt: Time,
    endedAt: MaybeTime,
  })
  .meta({ id: "TriggerEvent" });

export const TriggerState = z
  .object({
    name: z.string(),
    lastTick: MaybeTime.meta({ description: "the latest scheduled time handled" }),
    watermark: JsonValue.nullable().meta({ description: "the last digest or watermark a new-data trigger saw" }),
    lastFired: MaybeTime,
    activeRuns: z.number().int(),
  })
  .meta({ id: "TriggerState" });

export const TriggerEventQuery = z.object({ limit: Limit, status: TriggerEventStatus.optional() });

export const NewTriggerEvent = z
  .object({
    source: z.string().min(1).optional().meta({ description: "what the run's trigger will say; default manual:api" }),
    key: z.string().min(1).optional().meta({ description: "makes the event idempotent: a second one with this key answers 409" }),
    payload: JsonObject.optional().meta({ description: "fields the trigger's eventParams pass to the run" }),
  })
  .strict();

export const TriggerSummary = z
  .object({
    name: z.string(),
    kind: z.enum(["schedule", "hybrid", "files", "watermark", "manual", "drift", "performance"]),
    pipeline: z.string().meta({ description: "the pipeline file relative to the project, or a stored pipeline's digest" }),
    schedule: z.object({ cron: z.string(), timezone: z.string(), catchUp: z.enum(["none", "latest", "all"]) }).nullable().meta({ description: "schedule and hybrid triggers' schedule" }),
    pollSeconds: z.number().nullable().meta({ description: "how often files and watermark triggers look" }),
    nextFire: MaybeTime.meta({ description: "the next scheduled time (schedule, hybrid); null for triggers that fire on what they see" }),
    lastTick: MaybeTime,
    watermark: JsonValue.nullable(),
    lastFired: MaybeTime,
    activeRuns: z.number().int(),
  })
  .meta({ id: "TriggerSummary" });
