import { evaluateClassification } from "./evaluate/classification-evaluation.ts";
import { evaluateRegression } from "./evaluate/regression-evaluation.ts";
import { featureSteps } from "./feature-steps.ts";
import { libraryVersion } from "./library-version.ts";
import type { ModelKind } from "./models/model-kinds.ts";
import type { Params } from "./models/model-params.ts";
import type { Table } from "./table.ts";
import { taskTarget } from "./target-column.ts";
import { type FittedModel, TrainedClassifier, TrainedRegressor } from "./trained-model.ts";
import { classIndices } from "./transforms/class-labels.ts";
import { Preprocessor } from "./transforms/preprocessor.ts";
import type { StepSpec } from "./transforms/table-step.ts";

export interface FitModelOptions {
  readonly target: string;
  readonly kind: ModelKind;
  readonly params: Params;
  /** Preprocessing; without a leading "select", every column but the target is a feature. */
  readonly steps: readonly StepSpec[];
}

/**
 * Fits the preprocessing and then the model on every row of the table, and scores the
 * result on those same rows (the training metrics saved with the model: a sanity check, not
 * an estimate of quality on new data).
 */
export async function fitModel(table: Table, { target, kind, params, steps }: FitModelOptions): Promise<FittedModel> {
  // The target first: a misspelt or unusable target is the likelier mistake, and is named by row.
  const y = taskTarget(table, target, kind.task);
  const preprocessor = Preprocessor.fit(table, featureSteps(table, target, steps));
  const x = preprocessor.transformRows(table);
  const info = (trainingMetrics: Record<string, number>) => ({
    target,
    preprocessor,
    trainingMetrics: { rows: table.rowCount, ...trainingMetrics },
    libraryVersion,
  });
  if (kind.task === "regression") {
    const estimator = await kind.fit(x, y as Float64Array, params);
    return new TrainedRegressor(info(evaluateRegression(y as Float64Array, estimator.predict(x)).scores), estimator);
  }
  const estimator = await kind.fit(x, y, params);
  const scores = evaluateClassification(classIndices(y, estimator.classes), estimator.predictProba(x), estimator.classes).scores;
  return new TrainedClassifier(info(scores), estimator);
}
