/**
 * The built-in ML components, written against the SDK as any user's would be. Each sets
 * `version`: the cache key sees the source of `run` but not of the code it calls, so bump
 * the version when that code changes what the component produces. Those that compute on a
 * whole table (train, tune, cross-validate, evaluate, gate, register, profile, validate, infer
 * expectations, batch predict) run on worker threads (`isolation: "thread"`): several compute at
 * once, beside the engine. The ingests wait on I/O and run inline.
 *
 * What `run` calls that is heavy (models, evaluation, tuning, validation, ONNX) is imported
 * inside `run`: every pipeline imports "conveyor", and loading every model's code made up about
 * half the modules of a `conveyor run` that trains nothing.
 */
export { autoML } from "./auto-ml.ts";
export { batchPredict } from "./batch-predict.ts";
export { checkDrift } from "./check-drift.ts";
export { checkPerformance } from "./check-performance.ts";
export { crossValidateModel } from "./cross-validate-model.ts";
export { evaluateModel } from "./evaluate-model.ts";
export { gateModel } from "./gate-model.ts";
export { importOnnxModel } from "./import-onnx-model.ts";
export { inferExpectations } from "./infer-expectations.ts";
export { ingestCsv } from "./ingest-csv.ts";
export { ingestJson } from "./ingest-json.ts";
export { ingestParquet } from "./ingest-parquet.ts";
export { ingestPostgres } from "./ingest-postgres.ts";
export { ingestSqlite } from "./ingest-sqlite.ts";
export { parameterCandidates } from "./parameter-candidates.ts";
export { profileData } from "./profile-data.ts";
export { registerModel } from "./register-model.ts";
export { selectBest } from "./select-best.ts";
export { splitData } from "./split-data.ts";
export { trainModel } from "./train-model.ts";
export { tuneModel } from "./tune-model.ts";
export { validateData } from "./validate-data.ts";
