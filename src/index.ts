/** The `conveyor` package: the SDK for writing pipelines, and the API to compile and run them. */
export * from "./sdk/index.ts";
export * from "./ml/components/index.ts";
export { readDataset, writeDataset } from "./ml/dataset-file.ts";
export { loadModel } from "./ml/load-model.ts";
export { type LoadRegisteredModelOptions, loadRegisteredModel } from "./ml/registered-model.ts";
export type { Column, Table } from "./ml/table.ts";
export type { TrainedModel } from "./ml/trained-model.ts";
export type { ArtifactStore, CollectableArtifactStore } from "./artifacts/types.ts";
export { LocalArtifactStore } from "./artifacts/local.ts";
// The S3 store is opened through openArtifactStore, which loads the AWS SDK only when it is used.
export { openArtifactStore, type OpenArtifactStoreOptions } from "./artifacts/open.ts";
export type { S3ArtifactStore } from "./artifacts/s3.ts";
export type { EngineEvent } from "./engine/index.ts";
// The engine drives executors it is given; the package's Engine gives it this machine's by default.
export { LocalEngine as Engine, type LocalEngineConfig as EngineConfig } from "./executors/local-engine.ts";
export { ConveyorError } from "./errors.ts";
export { compile, type CompileOptions } from "./compiler/compile.ts";
export { irDigest } from "./ir/canonical.ts";
export { loadIr } from "./ir/load.ts";
export type { PipelineIR } from "./ir/schema.ts";
export { openStore, type OpenStoreOptions } from "./store/open.ts";
export type { MetadataStore, RunRecord, TaskRecord } from "./store/types.ts";
export type { RunContext, RunSearch, RunSummary, ExperimentRecord, ExperimentSummary } from "./store/tracking-types.ts";
export { type FoundMetric, pickMetric, type TaskMetrics } from "./store/metric-key.ts";
export type { AliasEvent, ModelRecord, ModelSignature, ModelVersionRecord } from "./store/registry-types.ts";
export { activeRun, endRun, logArtifact, logMetric, logParams, setTags, startRun } from "./tracking/api.ts";
export type { EndStatus, LogArtifactOptions, StartRunOptions, TrackingRun } from "./tracking/tracking-run.ts";
export { bestRun, type BestRunOptions } from "./tracking/best.ts";
// `registerModel` is the pipeline component (from ./ml/components); this is its programmatic form.
export { registerModel as registerModelVersion, type RegisterModelOptions } from "./registry/register.ts";
export { resolveModel } from "./registry/resolve.ts";
export { type ModelRef, modelUri, parseModelRef } from "./registry/uri.ts";
export type { PredictionRecord, PredictionSink } from "./serve/prediction-record.ts";
export { PredictionLog, type PredictionLogCounts, type PredictionLogOptions } from "./serve/prediction-log/prediction-log.ts";
export { type PredictionQuery, readLabelledPredictions, readPredictions } from "./serve/prediction-log/read-predictions.ts";
export { type FeedbackLog, openFeedbackLog } from "./serve/prediction-log/feedback-log.ts";
export { feedbackRoutes } from "./serve/prediction-log/feedback-route.ts";
export { openServeLogs, type ServeLogs } from "./serve/prediction-log/serve-logs.ts";
export type { LabelRecord } from "./serve/prediction-log/label-record.ts";
export { defineTriggers } from "./triggers/define.ts";
export * from "./features/index.ts";
export type { CheckFunction, CheckResult, TriggerInput } from "./triggers/definition.ts";
export { type ExternalEvent, fireTrigger } from "./triggers/fire.ts";
export type { TriggerEventRecord, TriggerEventStatus } from "./store/trigger-types.ts";
