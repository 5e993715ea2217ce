/** The IR's JSON Schema, generated from the zod schema so the two cannot drift apart. */
import { z } from "zod";
import { PipelineIrSchema } from "./schema.ts";

export function irJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(PipelineIrSchema, { target: "draft-2020-12" }),
    $id: "https://conveyor.dev/schemas/ir-v1.json",
    title: "Conveyor pipeline IR, version 1",
  };
}
