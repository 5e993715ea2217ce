import { ConveyorError, isConveyorError } from "../../errors.ts";
import { featureSteps } from "../feature-steps.ts";
import type { Matrix } from "../matrix.ts";
import { type ModelKind, modelKind } from "../models/model-kinds.ts";
import type { Params } from "../models/model-params.ts";
import type { Split } from "../split.ts";
import type { Table } from "../table.ts";
import { takeRows } from "../table-rows.ts";
import { taskTarget } from "../target-column.ts";
import type { LabelValues } from "../transforms/class-labels.ts";
import { Preprocessor } from "../transforms/preprocessor.ts";
import type { StepSpec } from "../transforms/table-step.ts";
import { type Scorer, scorer } from "./scoring.ts";

/** Training data for tuning: a table, its target column, and how to turn the rest into features. */
export interface LabelledTable {
  readonly table: Table;
  readonly target: string;
  /**
   * Preprocessing steps, fitted afresh on each fold's training rows so that no statistic
   * of a fold's test rows leaks into its model. Left out, every column but the target is a
   * feature, as is; a leading "select" step chooses the features.
   */
  readonly preprocessing?: readonly StepSpec[];
}

/** One fold, preprocessed: what every candidate is fitted and scored on. */
export interface PreparedFold {
  readonly xTrain: Matrix;
  readonly yTrain: LabelValues;
  readonly xTest: Matrix;
  readonly yTest: LabelValues;
}

export interface CrossValidationOptions {
  /** A model kind's name, e.g. "logistic-regression" (see model-kinds.ts). */
  readonly model: string;
  readonly params?: Params;
  readonly folds: readonly Split[];
  /** A scoring name, e.g. "accuracy" or "neg_root_mean_squared_error" (see scoring.ts). */
  readonly scoring: string;
}

/** One score per fold, as scikit-learn's cross_val_score: fit on each fold's training rows, score its test rows. */
export async function crossValScore(data: LabelledTable, options: CrossValidationOptions): Promise<number[]> {
  const params = options.params ?? {};
  const kind = modelKind(options.model, params);
  const score = scorerFor(kind, options.scoring);
  return scoreFolds(prepareFolds(data, options.folds, kind.task), kind, params, score);
}

/** The scoring, checked to suit the model's task. */
export function scorerFor(kind: ModelKind, scoring: string): Scorer {
  const found = scorer(scoring);
  if (found.task !== kind.task) {
    throw new ConveyorError(
      `scoring "${scoring}" is for ${found.task}, but the model does ${kind.task}`,
      `choose a ${kind.task} scoring`,
      "invalid_param",
    );
  }
  return found;
}

/** Preprocesses each fold once; every candidate model then reuses the result. */
export function prepareFolds(
  data: LabelledTable,
  folds: readonly Split[],
  task: ModelKind["task"],
): PreparedFold[] {
  if (folds.length === 0) throw new ConveyorError("no folds to evaluate on", "give folds from kFold or stratifiedKFold", "invalid_param");
  const steps = featureSteps(data.table, data.target, data.preprocessing ?? []);
  // The whole table is checked first, so that a bad value is reported by its row in the
  // table rather than its row in some fold.
  Preprocessor.fit(data.table, steps).transformRows(data.table);
  const y = taskTarget(data.table, data.target, task);
  return folds.map(({ train, test }, f) =>
    inFold(f, folds.length, () => {
      const trainTable = takeRows(data.table, train);
      const testTable = takeRows(data.table, test);
      const preprocessor = Preprocessor.fit(trainTable, steps);
      return {
        xTrain: preprocessor.transformRows(trainTable),
        yTrain: pickRows(y, train),
        xTest: preprocessor.transformRows(testTable),
        yTest: pickRows(y, test),
      };
    }),
  );
}

/** Fits the model on each prepared fold and scores it on that fold's test rows, one fold after another. */
export async function scoreFolds(
  folds: readonly PreparedFold[],
  kind: ModelKind,
  params: Params,
  score: Scorer,
): Promise<number[]> {
  const scores: number[] = [];
  for (const [f, fold] of folds.entries()) {
    try {
      scores.push(await scoreFold(fold, kind, params, score));
    } catch (error) {
      throw inFoldError(error, f, folds.length);
    }
  }
  return scores;
}

async function scoreFold(fold: PreparedFold, kind: ModelKind, params: Params, score: Scorer): Promise<number> {
  if (kind.task === "classification" && score.task === "classification") {
    return score.score(await kind.fit(fold.xTrain, fold.yTrain, params), fold.xTest, fold.yTest);
  }
  if (kind.task === "regression" && score.task === "regression") {
    const model = await kind.fit(fold.xTrain, fold.yTrain as Float64Array, params);
    return score.score(model, fold.xTest, fold.yTest as Float64Array);
  }
  throw new Error("the scorer's task differs from the model's; scorerFor should have refused it");
}

/** Runs one fold's work; a user error (a class or category missing from the fold) says which fold. */
function inFold<T>(fold: number, foldCount: number, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw inFoldError(error, fold, foldCount);
  }
}

function inFoldError(error: unknown, fold: number, foldCount: number): unknown {
  if (!isConveyorError(error)) return error;
  return new ConveyorError(`fold ${fold + 1} of ${foldCount}: ${error.message}`, error.hint, error.code);
}

/** The labels or values of the given rows, in that order. */
function pickRows(y: LabelValues, rows: readonly number[]): LabelValues {
  if (y instanceof Float64Array) return Float64Array.from(rows, (row) => y[row]!);
  return rows.map((row) => (y as readonly (number | string | null)[])[row]!) as LabelValues;
}
