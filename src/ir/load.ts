/** Loading IR from JSON: the shape checked by the schema, then the semantics by validateIr. */
import { ConveyorError } from "../errors.ts";
import type { PipelineIR } from "./schema.ts";
import { validateIr } from "./validate.ts";
import { IR_VERSION } from "./version.ts";

/**
 * The IR in `value` (parsed JSON, from `source`), checked. The schema is imported here, when
 * IR comes from outside, not with the package: zod is about 100 modules, a good part of the
 * start of any process that imports Conveyor only to run or compile a pipeline.
 */
export async function loadIr(value: unknown, source: string): Promise<PipelineIR> {
  const version = (value as { irVersion?: unknown } | null)?.irVersion;
  if (typeof version === "number" && version > IR_VERSION) {
    throw new ConveyorError(
      `${source} is IR version ${version}, newer than this Conveyor understands (${IR_VERSION})`,
      "upgrade Conveyor, or recompile the pipeline with this version",
      "unsupported_ir",
    );
  }
  const { PipelineIrSchema } = await import("./schema.ts");
  const parsed = PipelineIrSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
    throw new ConveyorError(`${source} is not valid pipeline IR${at}: ${issue?.message}`, "recompile it with `conveyor compile`", "invalid_ir");
  }
  validateIr(parsed.data);
  return parsed.data;
}
