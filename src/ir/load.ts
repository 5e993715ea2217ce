/** Loading IR from JSON: the shape checked by the schema, then the semantics by validateIr. */
import { ConveyorError } from "../errors.ts";
import { jsonDigest } from "./canonical.ts";
import { IR_VERSION, type PipelineIR, PipelineIrSchema } from "./schema.ts";
import { validateIr } from "./validate.ts";

export function loadIr(value: unknown, source: string): PipelineIR {
  const version = (value as { irVersion?: unknown } | null)?.irVersion;
  if (typeof version === "number" && version > IR_VERSION) {
    throw new ConveyorError(
      `${source} is IR version ${version}, newer than this Conveyor understands (${IR_VERSION})`,
      "upgrade Conveyor, or recompile the pipeline with this version",
      "unsupported_ir",
    );
  }
  const parsed = PipelineIrSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
    throw new ConveyorError(`${source} is not valid pipeline IR${at}: ${issue?.message}`, "recompile it with `conveyor compile`", "invalid_ir");
  }
  validateIr(parsed.data);
  return parsed.data;
}

export function irDigest(ir: PipelineIR): string {
  return jsonDigest(ir);
}
