import { component, Dataset, Metrics, Model, param } from "../../sdk/index.ts";
import { readDataset } from "../dataset-file.ts";

/**
 * Scores a trained model on a labelled dataset it has not seen: for classification accuracy,
 * balanced accuracy, precision / recall / F1 (binary, macro, weighted), ROC AUC, log loss,
 * the confusion matrix and ROC and precision-recall curves; for regression RMSE, MAE, MSE,
 * R² and MAPE. Every score is also an output parameter, for `when` conditions and gates.
 */
export const evaluateModel = component({
  name: "evaluate-model",
  version: "1",
  isolation: "thread",
  description: "Evaluate a model on held-out data: metrics, confusion matrix and curves",
  inputs: { model: Model, data: Dataset },
  outputs: {
    metrics: Metrics,
    scores: param.json<Record<string, number>>(),
    /** The headline score: accuracy for classification, R² for regression. */
    score: param.number(),
  },
  run: async ({ model, data, metrics }, ctx) => {
    const { evaluateTrained } = await import("../evaluate/evaluate-trained.ts");
    const { readModel } = await import("../model-artifact.ts");
    const trained = await readModel(model);
    const evaluation = await evaluateTrained(trained, await readDataset(data));
    // Compact: a curve has a point per distinct score, and indentation would put each number on a line.
    await metrics.writeText(JSON.stringify({ kind: trained.kind, target: trained.target, ...evaluation }));
    for (const [name, value] of Object.entries(evaluation.scores)) ctx.metric(name, value);
    if (evaluation.task === "classification") {
      for (const [name, why] of Object.entries(evaluation.unavailable)) ctx.log.warn(`${name} is not available: ${why}`);
    }
    const score = evaluation.task === "classification" ? evaluation.scores.accuracy! : evaluation.scores.r2!;
    ctx.log.info(`${evaluation.rows} rows: ${summary(evaluation.scores)}`);
    return { scores: evaluation.scores, score };
  },
});

function summary(scores: Record<string, number>): string {
  return Object.entries(scores)
    .map(([name, value]) => `${name} ${Number(value.toPrecision(4))}`)
    .join(", ");
}
