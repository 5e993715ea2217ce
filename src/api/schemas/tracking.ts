/** Experiment tracking: experiments, run search, a run's tags, context and details, comparisons. */
import { z } from "zod";
import { Cursor, flag, JsonValue, Limit, MaybeTime, page, Time } from "./common.ts";
import type { RunComparison } from "../../inspect/run-compare.ts";
import type { RunDetails as RunDetailsRecord } from "../../inspect/run-summary.ts";
import type { RunDeletion as RunDeletionRecord } from "../../store/deletion-types.ts";
import type { ExperimentSummary as ExperimentSummaryRecord, RunSummary as RunSummaryRecord } from "../../store/tracking-types.ts";
import { RUN_STATUSES, Run, Task } from "./runs.ts";

export const Experiment = z
  .object({ name: z.string(), description: z.string().nullable(), createdAt: Time })
  .meta({ id: "Experiment" });

export const ExperimentSummary = Experiment.extend({
  runs: z.number().int().meta({ description: "how many runs it has" }),
  lastRunAt: MaybeTime.meta({ description: "when its latest run was created" }),
}).meta({ id: "ExperimentSummary" }) satisfies z.ZodType<ExperimentSummaryRecord>;

export const NewExperiment = z
  .object({
    name: z.string().meta({ description: "1 to 200 characters, without leading or trailing spaces" }),
    description: z.string().nullable().optional(),
  })
  .strict()
  .meta({ id: "NewExperiment" });

export const ExperimentParams = z.object({ experiment: z.string().min(1).meta({ description: "the experiment's name" }) });

const Tags = z.record(z.string(), z.string());
const LatestMetrics = z.record(z.string(), z.number()).meta({ description: "the latest value of each metric" });
export const TaskMetrics = z
  .record(z.string(), LatestMetrics)
  .meta({ id: "TaskMetrics", description: 'by task name ("(run)" for metrics logged without a task), the latest value of each metric the task logged; a cached task has its source\'s' });

/** A run as search finds it: with its tags and the latest value of each metric of each task. */
export const RunSummary = Run.extend({ tags: Tags, metrics: TaskMetrics }).meta({ id: "RunSummary" }) satisfies z.ZodType<RunSummaryRecord>;

const Where = z
  .string()
  .min(1)
  .optional()
  .meta({
    description:
      'a filter, e.g. metrics.evaluate.auc > 0.9 and params.trees >= 100 and tags.team = "x"; metrics.<name> alone only where one task of a run logged it (see docs/api.md)',
  });

export const SearchQuery = z.object({
  experiment: z.string().min(1).optional().meta({ description: "only runs of this experiment" }),
  pipeline: z.string().min(1).optional().meta({ description: "only runs of this pipeline" }),
  status: z.enum(RUN_STATUSES).optional().meta({ description: "only runs with this status" }),
  where: Where,
  sort: z.string().min(1).optional().meta({ description: "fields, - for descending, e.g. -metrics.auc,created; newest first by default" }),
  limit: Limit,
  cursor: Cursor,
});

export const SearchPage = page(RunSummary).extend({
  total: z.number().int().meta({ description: "how many runs match, over all pages" }),
});

export const BestQuery = z.object({
  metric: z.string().min(1).meta({ description: "the metric, e.g. evaluate.auc (<task>.<name>), or auc where one task of a run logged it" }),
  experiment: z.string().min(1).optional().meta({ description: "only runs of this experiment" }),
  where: Where,
  min: flag("1: the lowest value wins (a loss) instead of the highest"),
});

export const CompareQuery = z.object({
  runs: z
    .string()
    .transform((text) => text.split(",").filter(Boolean))
    .pipe(z.array(z.string()).min(2).max(50))
    .meta({ description: "two to fifty run ids (or unique prefixes), separated by commas" }),
});

export const Comparison = z
  .object({
    runs: z.array(z.object({ id: z.string(), experiment: z.string(), pipeline: z.string(), status: z.string() })),
    params: z.record(z.string(), z.array(JsonValue)).meta({ description: "each parameter: one value per run, null where a run lacks it" }),
    metrics: z
      .record(z.string(), z.array(z.number().nullable()))
      .meta({ description: "each metric, as <task>.<name>: its latest value per run, null where a run lacks it" }),
    different: z.array(z.string()).meta({ description: "params.<name> and metrics.<task>.<name> whose values are not all the same" }),
  })
  .meta({ id: "RunComparison" }) satisfies z.ZodType<RunComparison>;

/** Its fields in the order the store keeps them, so a client sees what the store holds. */
const Context = z
  .object({
    code: z
      .object({ commit: z.string().nullable(), branch: z.string().nullable(), dirty: z.boolean() })
      .nullable()
      .meta({ description: "the git commit and branch, and whether tracked files had changed; null outside a git repository" }),
    environment: z.object({
      node: z.string(),
      platform: z.string(),
      arch: z.string(),
      conveyor: z.string(),
      packages: z.record(z.string(), z.string()).meta({ description: "installed versions of the project's direct dependencies" }),
    }),
  })
  .nullable()
  .meta({ description: "what the run ran with, null for runs recorded before it was kept" });

export const RunTags = Tags.meta({ description: "the run's tags" });
export const RunContextBody = z.object({ context: Context });

export const RunDetails = z
  .object({
    run: Run,
    tasks: z.array(Task),
    metrics: TaskMetrics,
    cachedFrom: z
      .record(z.string(), z.object({ runId: z.string(), task: z.string() }))
      .meta({ description: "for each cached task (by id), the run and task whose outputs it reused" }),
    tags: Tags,
    context: Context,
    inputs: z
      .array(
        z.object({
          task: z.string(),
          name: z.string(),
          kind: z.enum(["file", "artifact"]),
          digest: z.string(),
          path: z.string().optional(),
        }),
      )
      .meta({ description: "the data that entered the run, by content digest" }),
  })
  .meta({ id: "RunDetails" }) satisfies z.ZodType<RunDetailsRecord>;

export const RunDeletion = z.object({
  dryRun: z.boolean(),
  run: Run,
  tasks: z.number().int(),
  attempts: z.number().int(),
  lineageEvents: z.number().int(),
  metricPoints: z.number().int(),
  logLines: z.number().int(),
}) satisfies z.ZodType<RunDeletionRecord>;

export const TaskIdParams = z.object({ task: z.string().min(1).meta({ description: "the task's id" }) });
