/** The `conveyor` package: the SDK for writing pipelines, and the API to compile and run them. */
export * from "./sdk/index.ts";
export * from "./ml/components/index.ts";
