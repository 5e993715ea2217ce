/** Runs, tasks and attempts as the API shows them: the store's records, dates as ISO 8601 strings. */
import { z } from "zod";
import type { AttemptRecord, RunRecord, TaskRecord } from "../../store/types.ts";
import { JsonObject, JsonValue, MaybeTime, Time } from "./common.ts";

export const RUN_STATUSES = ["pending", "running", "succeeded", "failed", "cancelled"] as const;
export const TASK_STATUSES = ["pending", "running", "succeeded", "failed", "skipped", "cached", "cancelled"] as const;
const ATTEMPT_STATUSES = ["running", "succeeded", "failed", "cancelled", "interrupted"] as const;

export const Run = z
  .object({
    id: z.string(),
    pipelineDigest: z.string(),
    pipelineName: z.string(),
    experiment: z.string().meta({ description: "the experiment the run belongs to (by default its pipeline's name)" }),
    status: z.enum(RUN_STATUSES),
    params: JsonObject,
    options: z.object({ concurrency: z.number().int(), noCache: z.boolean(), failFast: z.boolean() }),
    trigger: z.string().meta({ description: 'what started the run: "cli", "api", "resume:<run>", ...' }),
    cancelRequested: z.boolean(),
    error: z.string().nullable(),
    leaseOwner: z.string().nullable().meta({ description: 'the process driving the run ("host:pid:…"), if any' }),
    leaseExpiresAt: MaybeTime,
    leaseEpoch: z.number().int().meta({ description: "raised by every take of the lease: a driver writes only while the epoch is the one it took" }),
    createdAt: Time,
    startedAt: MaybeTime,
    endedAt: MaybeTime,
  })
  .meta({ id: "Run" }) satisfies z.ZodType<RunRecord>;

export const Task = z
  .object({
    id: z.string(),
    runId: z.string(),
    name: z.string().meta({ description: "unique in the run; `[i]` marks a forEach iteration" }),
    node: z.string().meta({ description: "the IR task this instance runs" }),
    iteration: z.number().int().nullable(),
    status: z.enum(TASK_STATUSES),
    cacheKey: z.string().nullable(),
    cacheKeyParts: JsonValue.nullable().meta({ description: "what the cache key was made of, to explain a miss" }),
    cachedFromTaskId: z.string().nullable(),
    outputs: JsonObject.nullable(),
    attempts: z.number().int(),
    notBefore: MaybeTime.meta({ description: "earliest time the next attempt may start (retry backoff)" }),
    error: z.string().nullable(),
    createdAt: Time,
    startedAt: MaybeTime,
    endedAt: MaybeTime,
  })
  .meta({ id: "Task" }) satisfies z.ZodType<TaskRecord>;

export const Attempt = z
  .object({
    id: z.string(),
    taskId: z.string(),
    number: z.number().int(),
    status: z.enum(ATTEMPT_STATUSES),
    error: z.string().nullable(),
    startedAt: Time,
    endedAt: MaybeTime,
  })
  .meta({ id: "Attempt" }) satisfies z.ZodType<AttemptRecord>;

export const RunDetail = z.object({ run: Run, tasks: z.array(Task) });
export const TaskDetail = z.object({ task: Task, attempts: z.array(Attempt) });
export const RunAttempt = Attempt.extend({ task: z.string().meta({ description: "the task's name" }) });

export const StartRun = z
  .object({
    pipeline: z
      .string()
      .min(1)
      .optional()
      .meta({ description: "a compiled IR .json or a pipeline module (.ts, .js), relative to the server's project root" }),
    digest: z
      .string()
      .min(1)
      .optional()
      .meta({ description: "instead of `pipeline`: the digest of a stored pipeline (GET /api/v1/pipelines), whose IR runs as it was stored" }),
    params: JsonObject.default({}),
    options: z
      .object({
        concurrency: z.number().int().min(1).optional(),
        noCache: z.boolean().optional(),
        failFast: z.boolean().optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .meta({ id: "StartRun" });

/** A POST without a body comes as null: the same as `{}`. */
export const Rerun = z
  .object({ cache: z.boolean().optional().meta({ description: "true: reuse identical earlier executions instead of recomputing every task" }) })
  .strict()
  .nullish();

export const Started = z.object({
  run: Run,
  links: z.object({ self: z.string(), events: z.string(), logs: z.string() }),
});

/** The `:run` path parameter: a run id, or a unique prefix of at least 4 characters. */
export const RunParams = z.object({ run: z.string().min(1).meta({ description: "run id or a unique prefix of it" }) });
export const TaskParams = RunParams.extend({ task: z.string().min(1).meta({ description: "task name (e.g. fit[2]) or id" }) });

const TaskRef = z.object({ runId: z.string(), task: z.string() });

/** `conveyor cache explain` as JSON: why a task reused earlier outputs, or what changed so that it did not. */
export const CacheExplanation = z
  .discriminatedUnion("verdict", [
    z.object({ verdict: z.literal("hit"), source: TaskRef.meta({ description: "the task whose outputs were reused" }) }),
    z.object({
      verdict: z.literal("no-key"),
      status: z.enum(TASK_STATUSES),
      error: z.string().nullable(),
    }).meta({ description: "the task never got as far as a cache lookup, or runs without one and has not ended" }),
    z.object({ verdict: z.literal("first") }).meta({ description: "no earlier run of the pipeline has this task" }),
    z.object({
      verdict: z.literal("miss"),
      previous: TaskRef.meta({ description: "the same task in the latest earlier run of the pipeline" }),
      changes: z.array(z.string()).meta({ description: "the parts of the cache key that changed" }),
      reason: z.string().optional().meta({ description: "when no part changed: why the task still ran" }),
    }),
  ])
  .meta({ id: "CacheExplanation" });
