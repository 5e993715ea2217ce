import { ConveyorError } from "../../errors.ts";
import type { Table } from "../table.ts";
import { taskTarget } from "../target-column.ts";
import type { TrainedModel } from "../trained-model.ts";
import { classIndices } from "../transforms/class-labels.ts";
import { type ClassificationEvaluation, evaluateClassification } from "./classification-evaluation.ts";
import { evaluateRegression, type RegressionEvaluation } from "./regression-evaluation.ts";

export type Evaluation = ClassificationEvaluation | RegressionEvaluation;

/**
 * Scores a trained model on a labelled table: the table must hold the model's input columns
 * and its target column, whose labels must all be classes the model knows.
 */
export async function evaluateTrained(model: TrainedModel, table: Table): Promise<Evaluation> {
  if (table.rowCount === 0) {
    throw new ConveyorError("there are no rows to evaluate on", "evaluate on a non-empty dataset", "invalid_data");
  }
  const y = taskTarget(table, model.target, model.task);
  if (model.task === "regression") return evaluateRegression(y as Float64Array, await model.predict(table));
  return evaluateClassification(classIndices(y, model.classes), await model.predictProba(table), model.classes);
}
