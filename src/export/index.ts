/** Translations of the IR for other systems: Argo Workflows and the KFP IR. */
export { type ArgoExportOptions, toArgo } from "./argo/workflow.ts";
export { type KfpExportOptions, toKfp } from "./kfp/pipeline-spec.ts";
export { DEFAULT_IMAGE } from "./task-container.ts";
export type { ExportTarget } from "./unsupported.ts";
