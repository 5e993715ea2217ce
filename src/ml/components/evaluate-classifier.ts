import { component, Dataset, Metrics, Model, param } from "../../sdk/index.ts";
import { readDataset } from "../dataset-file.ts";
import { accuracy, confusionMatrix, f1, precision, recall, rocAuc } from "../metrics/classification.ts";
import { ClassifierModel } from "../model-file-v1.ts";
import { binaryTarget } from "../target-column.ts";

/** Scores a trained classifier on a dataset it has not seen, label 1 being the positive class. */
export const evaluateClassifier = component({
  name: "evaluate-classifier",
  version: "1",
  description: "Accuracy, precision, recall, F1, ROC AUC and the confusion matrix of a classifier",
  inputs: {
    model: Model,
    data: Dataset,
    target: param.string({ description: "the label column, holding 0 and 1" }),
  },
  outputs: { metrics: Metrics, accuracy: param.number(), f1: param.number(), rocAuc: param.number() },
  run: async ({ model, data, target, metrics }, ctx) => {
    const classifier = ClassifierModel.fromJSON(await model.json());
    const table = await readDataset(data);
    const y = binaryTarget(table, target);
    const predicted = classifier.predict(table);
    const scores = {
      accuracy: accuracy(y, predicted),
      precision: precision(y, predicted),
      recall: recall(y, predicted),
      f1: f1(y, predicted),
      rocAuc: rocAuc(y, classifier.predictProba(table)),
    };
    for (const [name, value] of Object.entries(scores)) ctx.metric(name, value);
    await metrics.writeJson({ ...scores, rows: table.rowCount, confusionMatrix: confusionMatrix(y, predicted) });
    return { accuracy: scores.accuracy, f1: scores.f1, rocAuc: scores.rocAuc };
  },
});
