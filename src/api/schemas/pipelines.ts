/** Stored pipelines: the IR each run was made from, saved by its digest. */
import { z } from "zod";
import type { PipelineSummary as PipelineSummaryRecord } from "../../store/types.ts";
import { JsonObject, Time } from "./common.ts";

export const PipelineSummary = z
  .object({
    digest: z.string().meta({ description: "the digest of the IR, which names it" }),
    name: z.string(),
    createdAt: Time.meta({ description: "when this IR was first stored (by the first run made from it)" }),
  })
  .meta({ id: "PipelineSummary" }) satisfies z.ZodType<PipelineSummaryRecord>;

export const Pipeline = PipelineSummary.extend({
  ir: JsonObject.meta({ description: "the compiled pipeline (docs/ir.md): its params, components, tasks and loops" }),
}).meta({ id: "Pipeline" });

export const PipelineParams = z.object({ digest: z.string().min(1).meta({ description: "the IR's digest (sha256:<hex>)" }) });
