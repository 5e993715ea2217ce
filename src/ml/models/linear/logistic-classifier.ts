import { ConveyorError } from "../../../errors.ts";
import { readEnvelope } from "../../json-format.ts";
import { createMatrix, type Matrix } from "../../matrix.ts";
import { type ClassLabel, isClassList, type LabelValues } from "../../transforms/class-labels.ts";
import type { Classifier } from "../estimator.ts";
import { LogisticRegression, type LogisticRegressionJSON } from "../logistic-regression.ts";
import { sigmoid } from "../logistic-loss.ts";
import { argmaxAt, argmaxRows } from "./argmax-rows.ts";
import { checkPredictColumns, checkPredictOutputs, classificationTarget } from "./fit-inputs.ts";
import { MultinomialLogistic, type MultinomialLogisticJSON } from "./multinomial-logistic.ts";

const envelope = { format: "conveyor.logistic-classifier", version: 1 } as const;

export interface LogisticClassifierOptions {
  /** Inverse L2 strength, as scikit-learn's C (default 1). */
  readonly C?: number;
  /** Solver iterations at most: default 100 for Newton's method, 1,000 for L-BFGS (see minimizeConvex). */
  readonly maxIterations?: number;
  readonly tolerance?: number;
}

export type LogisticClassifierJSON = {
  readonly format: typeof envelope.format;
  readonly version: typeof envelope.version;
  readonly classes: ClassLabel[];
  /** Binary: LogisticRegression's JSON (P(classes[1])); three or more classes: MultinomialLogistic's. */
  readonly model: LogisticRegressionJSON | MultinomialLogisticJSON;
};

/**
 * L2 logistic regression for any number of classes, with any labels: scikit-learn's
 * LogisticRegression() as its default lbfgs solver chooses, a binary model for two classes
 * (the existing LogisticRegression code path) and a softmax model for more.
 */
export class LogisticClassifier implements Classifier {
  readonly kind = "logistic-regression";

  private constructor(
    readonly classes: readonly ClassLabel[],
    private readonly model: LogisticRegression | MultinomialLogistic,
  ) {}

  static fit(x: Matrix, y: LabelValues, options: LogisticClassifierOptions = {}): LogisticClassifier {
    const { classes, indices } = classificationTarget(x, y);
    const model =
      classes.length === 2
        ? LogisticRegression.fit(x, indices, options)
        : MultinomialLogistic.fit(x, indices, classes.length, options);
    return new LogisticClassifier(classes, model);
  }

  static fromJSON(json: unknown): LogisticClassifier {
    const record = readEnvelope(json, envelope);
    const { classes } = record;
    if (!isClassList(classes)) throw corrupt(`"classes" must list two or more distinct labels`);
    const model =
      classes.length === 2 ? LogisticRegression.fromJSON(record.model) : MultinomialLogistic.fromJSON(record.model);
    if (model instanceof MultinomialLogistic && model.classCount !== classes.length) {
      throw corrupt(`the model scores ${model.classCount} classes, "classes" lists ${classes.length}`);
    }
    return new LogisticClassifier(classes, model);
  }

  get featureCount(): number {
    return this.model.featureCount;
  }

  predictProba(x: Matrix): Matrix {
    checkPredictColumns(x, this.featureCount);
    if (this.model instanceof MultinomialLogistic) {
      const probabilities = this.model.predictProba(x);
      checkPredictOutputs(x, probabilities.data, probabilities.cols);
      return probabilities;
    }
    const positive = this.model.predictProba(x);
    const out = createMatrix(x.rows, 2);
    for (let i = 0; i < x.rows; i++) {
      out.data[2 * i] = 1 - positive[i]!;
      out.data[2 * i + 1] = positive[i]!;
    }
    return out;
  }

  predict(x: Matrix): Int32Array {
    checkPredictColumns(x, this.featureCount);
    if (this.model instanceof MultinomialLogistic) {
      // The largest score is the largest probability: no softmax needed.
      const scores = this.model.decisionFunction(x);
      checkPredictOutputs(x, scores.data, scores.cols);
      return argmaxRows(scores);
    }
    return this.model.predict(x);
  }

  predictRow(row: Float64Array, probabilities: Float64Array): number {
    if (this.model instanceof MultinomialLogistic) {
      // As predict and predictProba: the class of the largest score, then the scores' softmax.
      this.model.scoreRow(row, probabilities);
      const best = argmaxAt(probabilities, 0, this.model.classCount);
      this.model.scoresToProbabilities(probabilities);
      return best;
    }
    const z = this.model.decisionRow(row);
    const p = sigmoid(z);
    probabilities[0] = 1 - p;
    probabilities[1] = p;
    return +(z > 0);
  }

  toJSON(): LogisticClassifierJSON {
    return { ...envelope, classes: [...this.classes], model: this.model.toJSON() };
  }
}

function corrupt(problem: string): ConveyorError {
  return new ConveyorError(
    `cannot load model: ${problem}`,
    "re-train, or load it with the Conveyor version that saved it",
    "corrupt_artifact",
  );
}
