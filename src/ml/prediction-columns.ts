import { ConveyorError } from "../errors.ts";
import type { Column, Table } from "./table.ts";
import type { TrainedModel } from "./trained-model.ts";
import type { ClassLabel } from "./transforms/class-labels.ts";

/** The column of predicted values (a class label, or a regressor's number). */
export const PREDICTION = "prediction";

/** The column of a class's probability, e.g. "probability_yes". */
export function probabilityColumn(label: ClassLabel): string {
  return `probability_${label}`;
}

/** The names of the columns predictionColumns gives for this model, in order. */
export function predictionNames(model: TrainedModel): string[] {
  return model.task === "classification" ? [PREDICTION, ...model.classes.map(probabilityColumn)] : [PREDICTION];
}

/**
 * The model's predictions for each row of the table, as columns: "prediction" (what
 * model.predict gives) and, for a classifier, one probability column per class in the
 * model's class order (what model.predictProba gives).
 */
export async function predictionColumns(model: TrainedModel, table: Table): Promise<Column[]> {
  if (model.task === "regression") {
    return [{ name: PREDICTION, type: "number", values: table.rowCount === 0 ? new Float64Array(0) : await model.predict(table) }];
  }
  const numbered = model.classes.every((c) => typeof c === "number");
  const labels = table.rowCount === 0 ? [] : await model.predict(table);
  const proba = table.rowCount === 0 ? { cols: model.classes.length, data: new Float64Array(0) } : await model.predictProba(table);
  const prediction: Column = numbered
    ? { name: PREDICTION, type: "number", values: Float64Array.from(labels as number[]) }
    : { name: PREDICTION, type: "string", values: labels.map(String) };
  const probabilities = model.classes.map((label, k): Column => {
    const values = new Float64Array(table.rowCount);
    for (let row = 0; row < table.rowCount; row++) values[row] = proba.data[row * proba.cols + k] as number;
    return { name: probabilityColumn(label), type: "number", values };
  });
  return [prediction, ...probabilities];
}

/** Refuses an id column whose name a prediction column already has: the output would hold it twice. */
export function checkIdColumn(model: TrainedModel, idColumn: string): void {
  if (!predictionNames(model).includes(idColumn)) return;
  throw new ConveyorError(
    `the id column "${idColumn}" has the name of a prediction column`,
    `rename the id column in the data: the predictions are ${predictionNames(model).map((n) => `"${n}"`).join(", ")}`,
    "invalid_param",
  );
}
