/**
 * Lineage as a graph: an "input" edge runs from an artifact to a task that used it, an
 * "output" edge from a task to an artifact it produced (or reused from the cache).
 */
import { z } from "zod";

const TaskNode = z.object({
  id: z.string(),
  kind: z.literal("task"),
  name: z.string(),
  runId: z.string(),
  pipeline: z.string(),
  status: z.string(),
});

const ArtifactNode = z.object({
  id: z.string(),
  kind: z.literal("artifact"),
  digest: z.string(),
  type: z.string(),
  size: z.number().int(),
  mediaType: z.string(),
});

export const LineageGraph = z
  .object({
    nodes: z.array(z.discriminatedUnion("kind", [TaskNode, ArtifactNode])),
    edges: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        kind: z.enum(["input", "output"]),
        name: z.string(),
        cached: z.boolean().meta({ description: "an output recorded by a cache hit rather than by an attempt" }),
      }),
    ),
  })
  .meta({ id: "LineageGraph" });
