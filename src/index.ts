/** The `conveyor` package: the SDK for writing pipelines, and the API to compile and run them. */
export * from "./sdk/index.ts";
export * from "./ml/components/index.ts";
export type { ArtifactStore } from "./artifacts/types.ts";
export { LocalArtifactStore } from "./artifacts/local.ts";
export { Engine, type EngineConfig, type EngineEvent } from "./engine/index.ts";
export { ConveyorError } from "./errors.ts";
export { compile, type CompileOptions, irDigest, loadIr, type PipelineIR } from "./ir/index.ts";
export { openStore, type OpenStoreOptions } from "./store/open.ts";
export type { MetadataStore, RunRecord, TaskRecord } from "./store/types.ts";
