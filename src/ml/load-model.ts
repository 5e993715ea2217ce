import type { TrainedModel } from "./trained-model.ts";

/**
 * Loads a saved model as a predictor of tables (model-file.ts). The package exports this one:
 * every model's code is loaded by the first call, not by `import "conveyor"`, which most
 * pipelines do without loading a model.
 */
export async function loadModel(json: unknown): Promise<TrainedModel> {
  const modelFile = await import("./model-file.ts");
  return modelFile.loadModel(json);
}
