import { ConveyorError } from "../../errors.ts";
import { familyKind, type TaskChoice } from "../models/model-families.ts";
import type { ModelKind } from "../models/model-kinds.ts";
import type { Split } from "../split.ts";
import type { Table } from "../table.ts";
import { targetColumn } from "../target-column.ts";
import { trainingSteps } from "../training-steps.ts";
import { type LabelledTable, scorerFor } from "./cross-validate.ts";
import { kFold } from "./k-fold.ts";
import { stratifiedKFold } from "./stratified-k-fold.ts";

/** What the tuning components are given, besides the parameters to try. */
export interface TuningInputs {
  readonly target: string;
  readonly kind: string;
  readonly task: TaskChoice;
  readonly preprocessing: unknown;
  readonly features: readonly string[];
  readonly folds: number;
  /** A scikit-learn scoring name; empty: "accuracy" for classification, "r2" for regression. */
  readonly scoring: string;
  readonly seed: number;
}

export interface TuningSetup {
  readonly data: LabelledTable;
  readonly kind: ModelKind;
  readonly folds: Split[];
  readonly scoring: string;
}

/**
 * The model kind, preprocessing, folds and scoring that cross-validation needs, from a
 * component's inputs. Folds are shuffled with the seed, and stratified by class for
 * classification, so that every fold sees every class in its share.
 */
export function tuningSetup(table: Table, inputs: TuningInputs): TuningSetup {
  const kind = familyKind(inputs.kind, inputs.task, targetColumn(table, inputs.target));
  const scoring = inputs.scoring || (kind.task === "classification" ? "accuracy" : "r2");
  scorerFor(kind, scoring);
  if (inputs.folds > table.rowCount) {
    throw new ConveyorError(`cannot cut ${table.rowCount} rows into ${inputs.folds} folds`, "use fewer folds", "invalid_param");
  }
  const options = { folds: inputs.folds, shuffleSeed: inputs.seed };
  const folds =
    kind.task === "classification"
      ? stratifiedKFold(targetColumn(table, inputs.target).values, options)
      : kFold(table.rowCount, options);
  const steps = trainingSteps(table, inputs.target, inputs.features, inputs.preprocessing);
  return { data: { table, target: inputs.target, preprocessing: steps }, kind, folds, scoring };
}
