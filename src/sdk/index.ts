export { Artifact, Dataset, describe, listOf, Metrics, Model, optional } from "./artifacts.ts";
export type { ArtifactListSpec, ArtifactSpec } from "./artifacts.ts";
export { component } from "./component.ts";
export type { AnyComponent, Component, ComponentConfig, Task } from "./component.ts";
export { forEach, onExit, when } from "./control.ts";
export type { Collected, ForEachOptions, RunOutcome } from "./control.ts";
export type {
  InputArtifact,
  ModelRegistration,
  ModelRegistry,
  OutputArtifact,
  RegisteredModelVersion,
  TaskContext,
  TaskLogger,
} from "./handles.ts";
export type { Json } from "../json.ts";
export type { Duration, ExecutionOptions, Resources, RetryPolicy, TaskOptions } from "./options.ts";
export { param } from "./params.ts";
export type { ParamSpec, ParamType } from "./params.ts";
export { isPipeline, pipeline } from "./pipeline.ts";
export type { AnyPipeline, Pipeline, PipelineConfig } from "./pipeline.ts";
export { and, ArtifactListRef, ArtifactRef, Condition, not, or, ParamRef } from "./refs.ts";
export type { Args, InputSpecs, OutputRefs, OutputSpecs, RunArgs, RunResult } from "./types.ts";
