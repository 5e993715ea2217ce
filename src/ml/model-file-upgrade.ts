import type { ModelFileJSON } from "./model-file.ts";
import { ClassifierModel } from "./model-file-v1.ts";

/**
 * A version 1 model file rewritten as version 2, so one loader serves both. Version 1 was a
 * StandardScaler over named number columns and a binary LogisticRegression with labels 0
 * and 1: exactly a preprocessor of a select and a standard scale step, and a two-class
 * LogisticClassifier, which predict identically.
 */
export function upgradeV1(json: unknown): ModelFileJSON {
  const v1 = ClassifierModel.fromJSON(json);
  const features = [...v1.features];
  const columns = features.map((name) => ({ name, type: "number" as const }));
  return {
    format: "conveyor.model",
    version: 2,
    kind: "logistic-regression",
    task: "classification",
    target: v1.target,
    classes: [0, 1],
    inputSchema: { columns },
    preprocessor: {
      format: "conveyor.preprocessor",
      version: 1,
      input: columns,
      steps: [
        { kind: "select", columns: features },
        { kind: "scale", method: "standard", columns: features, scaler: v1.scaler.toJSON() },
      ],
      featureNames: features,
    },
    model: { format: "conveyor.logistic-classifier", version: 1, classes: [0, 1], model: v1.model.toJSON() },
    trainingMetrics: { rows: v1.trainedRows },
    // Version 1 did not record the library; the field says so rather than inventing one.
    library: { name: "conveyor", version: "unknown (model format version 1)" },
  };
}
