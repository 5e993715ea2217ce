/** The one error an export gives for what its target cannot express: never a silently different workflow. */
import { ConveyorError } from "../errors.ts";

export type ExportTarget = "argo" | "kfp";

const TARGET_NAMES: Record<ExportTarget, string> = { argo: "Argo Workflows", kfp: "Kubeflow Pipelines" };

/** `feature` says what the pipeline uses, `where` which task or loop uses it, `hint` what to do instead. */
export function unsupported(target: ExportTarget, feature: string, where: string, hint: string): ConveyorError {
  return new ConveyorError(`${TARGET_NAMES[target]} cannot express ${feature} (${where})`, hint, "export_unsupported");
}
