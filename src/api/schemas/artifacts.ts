/** Artifacts: what the store records about a file, and the first rows of a Dataset. */
import { z } from "zod";
import type { ArtifactView } from "../../inspect/lineage-graph.ts";
import { JsonObject, JsonValue, Time } from "./common.ts";

export const Artifact = z
  .object({
    id: z.string(),
    digest: z.string().meta({ description: '"sha256:" and the content\'s 64 hex digits' }),
    size: z.number().int(),
    mediaType: z.string(),
    type: z.string().meta({ description: "Dataset, Model, Metrics, Artifact, ..." }),
    metadata: JsonObject,
    createdAt: Time,
  })
  .meta({ id: "Artifact" }) satisfies z.ZodType<ArtifactView>;

/** An artifact as one task of a run used or produced it. */
export const RunArtifact = z.object({
  task: z.string().meta({ description: "the task's name" }),
  taskId: z.string(),
  kind: z.enum(["input", "output"]),
  name: z.string().meta({ description: "the input or output name on the task" }),
  artifact: Artifact,
});

export const ArtifactParams = z.object({
  artifact: z.string().min(1).meta({ description: 'artifact id, or its full digest "sha256:<hex>"' }),
});

export const PreviewQuery = z.object({
  rows: z.coerce.number().int().min(1).max(1000).default(20).meta({ description: "how many rows (1 to 1000)" }),
  offset: z.coerce.number().int().min(0).default(0).meta({ description: "how many rows to pass over first, for paging" }),
});

export const Preview = z.object({
  artifact: z.string(),
  format: z.enum(["parquet", "csv"]),
  columns: z.array(z.object({ name: z.string(), type: z.string().meta({ description: "the column's SQL type" }) })),
  offset: z.number().int().meta({ description: "the rows passed over before the first one shown" }),
  rows: z.array(z.array(JsonValue)).meta({ description: "the rows from offset on, each a list of values in column order" }),
  truncated: z.boolean().meta({ description: "true when the dataset has more rows after those shown" }),
});

const numbers = z.array(z.number()).readonly();

export const DatasetProfile = z
  .object({
    rowCount: z.number().int(),
    columns: z
      .array(
        z.object({
          name: z.string(),
          type: z.string(),
          count: z.number().int().meta({ description: "rows with a value" }),
          missing: z.number().int().meta({ description: "rows without one" }),
          distinct: z.number().int(),
          topValues: z.array(z.object({ value: z.union([z.string(), z.number()]), count: z.number().int() })).readonly(),
          infinite: z.number().int(),
          numeric: z
            .object({
              min: z.number(),
              max: z.number(),
              mean: z.number(),
              std: z.number().nullable(),
              quantiles: z.object({ p5: z.number(), p25: z.number(), p50: z.number(), p75: z.number(), p95: z.number() }),
              histogram: z.object({ edges: numbers, counts: numbers }),
            })
            .nullable()
            .meta({ description: "for a number column with a finite value" }),
        }),
      )
      .readonly(),
  })
  .meta({ id: "DatasetProfile" });
