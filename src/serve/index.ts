/**
 * `conveyor/serve`: the model server for embedding, and the seam a deployment implements.
 *
 *   import { createModelServer } from "conveyor/serve";
 *   import { LocalArtifactStore, openStore } from "conveyor";
 *
 *   const store = await openStore({ root: "." });
 *   const server = await createModelServer({ models: ["models:/churn@champion"], source: { store, artifacts: new LocalArtifactStore(".") } });
 *   console.log(await server.listen({ port: 8080 }));
 */
export { type DeploymentEndpointOptions, deploymentEndpoint } from "./deployment-endpoint.ts";
export type { Endpoint, EndpointOutcome, EndpointRequest, EndpointRoute } from "./endpoint.ts";
export { type LabelledPredictionSource, type LiveQuality, type LiveQualityQuery, measureLiveQuality } from "./live-quality.ts";
export { type ModelRefEndpointOptions, modelRefEndpoint } from "./model-ref-endpoint.ts";
export { type AnsweredRows, answeredRecords, type PredictionRecord, type PredictionSink } from "./prediction-record.ts";
export type { ServeLog } from "./serve-log.ts";
export type { ServedVersion, SignatureColumn } from "./served-version.ts";
export type { FeatureService } from "./feature-service.ts";
export { createModelServer, type ModelServer, type ModelServerOptions } from "./server.ts";
export { loadServedVersion, type ModelSource, type ServingStore } from "./version-loader.ts";
