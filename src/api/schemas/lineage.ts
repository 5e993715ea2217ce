/**
 * Lineage as a graph: an "input" edge runs from an artifact to a task that used it, an
 * "output" edge from a task to an artifact it produced (or reused from the cache), a
 * "registered" edge from an artifact to a model version made of it, a "deployed" edge from a
 * model version to a deployment a change put it into; upstream of a run a monitor's alert
 * started, "monitored" (deployment → monitoring report), "alerted" (report → trigger event) and
 * "triggered" (event → the run's tasks).
 */
import { z } from "zod";
import type { LineageGraph as LineageGraphRecord } from "../../inspect/lineage-graph.ts";
import { JsonValue } from "./common.ts";
import { TASK_STATUSES } from "./runs.ts";

const TaskNode = z.object({
  id: z.string(),
  kind: z.literal("task"),
  name: z.string(),
  runId: z.string(),
  pipeline: z.string(),
  status: z.enum(TASK_STATUSES),
  params: z.record(z.string(), JsonValue).optional().meta({ description: "parameter values as given to the task" }),
  files: z.record(z.string(), z.string()).optional().meta({ description: "content digest of each file input" }),
});

const ArtifactNode = z.object({
  id: z.string(),
  kind: z.literal("artifact"),
  digest: z.string(),
  type: z.string(),
  size: z.number().int(),
  mediaType: z.string(),
});

const ModelVersionNode = z.object({
  id: z.string().meta({ description: "the version's URI, models:/name/3" }),
  kind: z.literal("model"),
  model: z.string(),
  version: z.number().int(),
  aliases: z.array(z.string()),
  digest: z.string(),
  runId: z.string(),
});

const DeploymentNode = z.object({
  id: z.string().meta({ description: "deployments:/name" }),
  kind: z.literal("deployment"),
  name: z.string(),
  stage: z.enum(["staging", "production"]).nullable().meta({ description: "null when the deployment no longer exists" }),
});

const TriggerEventNode = z.object({
  id: z.string().meta({ description: "triggers:/<trigger>/<event id>" }),
  kind: z.literal("trigger"),
  trigger: z.string(),
  source: z.string().meta({ description: "what the run's trigger says: drift:churn-monitor@3" }),
  runId: z.string().nullable(),
});

const MonitorReportNode = z.object({
  id: z.string().meta({ description: "monitors:/<monitor>/<window number>" }),
  kind: z.literal("report"),
  monitor: z.string(),
  window: z.number().int(),
  from: z.string(),
  to: z.string(),
  rows: z.number().int(),
  driftShare: z.number(),
  driftDetected: z.boolean(),
  performanceDropped: z.boolean().nullable(),
  reportArtifactId: z.string().nullable(),
  htmlArtifactId: z.string().nullable(),
});

export const LineageGraph = z
  .object({
    nodes: z.array(z.discriminatedUnion("kind", [TaskNode, ArtifactNode, ModelVersionNode, DeploymentNode, TriggerEventNode, MonitorReportNode])),
    edges: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        kind: z.enum(["input", "output", "registered", "deployed", "monitored", "alerted", "triggered"]),
        name: z.string().meta({
          description:
            'the input or output name; the model for "registered"; the change (canary, promote, ...) for "deployed"; the monitor for "monitored"; drift or performance for "alerted"; the event\'s source for "triggered"',
        }),
        cached: z.boolean().meta({ description: "an output recorded by a cache hit rather than by an attempt" }),
      }),
    ),
  })
  .meta({ id: "LineageGraph" }) satisfies z.ZodType<LineageGraphRecord>;
