/** The parameter type a condition's operand has, which decides how each target writes the comparison. */
import type { Binding, ParamSpecIR, PipelineIR } from "../ir/schema.ts";

export type ScalarType = "number" | "boolean" | "string";

/** The scalar type of a parameter spec, or undefined for lists, JSON values and the like. */
export function scalarType(spec: ParamSpecIR | undefined): ScalarType | undefined {
  switch (spec?.type) {
    case "number":
    case "int":
      return "number";
    case "boolean":
      return "boolean";
    case "string":
    case "enum":
    case "file":
      return "string";
    default:
      return undefined;
  }
}

/** The type of a pipeline parameter or task output parameter a binding names. */
export function boundSpec(ir: PipelineIR, binding: Binding): ParamSpecIR | undefined {
  if ("param" in binding) return ir.params[binding.param];
  if ("task" in binding) {
    const task = ir.tasks[binding.task];
    const output = task && ir.components[task.component]?.outputs[binding.output];
    return output?.kind === "param" ? output.spec : undefined;
  }
  return undefined;
}
