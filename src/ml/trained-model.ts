import { checkInputSchema, type InputSchema } from "./input-schema.ts";
import type { Matrix } from "./matrix.ts";
import type { ModelFileJSON } from "./model-file.ts";
import type { Classifier, Regressor } from "./models/estimator.ts";
import type { OnnxClassifier, OnnxRegressor } from "./onnx/onnx-trained.ts";
import type { Table } from "./table.ts";
import type { ClassLabel } from "./transforms/class-labels.ts";
import type { Preprocessor } from "./transforms/preprocessor.ts";

/** What every trained model carries besides its estimator. */
export interface ModelInfo {
  /** The column the model predicts. */
  readonly target: string;
  /** Fitted on the training rows; applied, unchanged, to every table the model scores. */
  readonly preprocessor: Preprocessor;
  /** Scores on the training rows, by evaluation's names (accuracy, r2, ...). */
  readonly trainingMetrics: Readonly<Record<string, number>>;
  /** The Conveyor version that trained it. */
  readonly libraryVersion: string;
}

/**
 * A preprocessor and an estimator that read tables: what trainModel saves and loadModel
 * returns. Scoring a table checks it against the input schema, then applies the fitted
 * preprocessing exactly as in training, so there is no train/serve skew to debug.
 */
abstract class TrainedBase<E extends Classifier | Regressor> {
  constructor(
    readonly info: ModelInfo,
    readonly estimator: E,
  ) {}

  /** The estimator's kind, e.g. "random-forest-classifier": the name that loads it back. */
  get kind(): string {
    return this.estimator.kind;
  }

  get target(): string {
    return this.info.target;
  }

  get inputSchema(): InputSchema {
    return { columns: this.info.preprocessor.input };
  }

  /** The feature matrix the estimator reads for this table. */
  features(table: Table): Matrix {
    checkInputSchema(table, this.inputSchema);
    return this.info.preprocessor.transformRows(table);
  }

  protected fileJSON(task: "classification" | "regression", classes?: ClassLabel[]): ModelFileJSON {
    return {
      format: "conveyor.model",
      version: 2,
      kind: this.kind,
      task,
      target: this.target,
      ...(classes ? { classes } : {}),
      inputSchema: { columns: this.info.preprocessor.input.map((c) => ({ ...c })) },
      preprocessor: this.info.preprocessor.toJSON(),
      model: this.estimator.toJSON(),
      trainingMetrics: { ...this.info.trainingMetrics },
      library: { name: "conveyor", version: this.info.libraryVersion },
    };
  }
}

export class TrainedClassifier extends TrainedBase<Classifier> {
  readonly task = "classification";

  get classes(): readonly ClassLabel[] {
    return this.estimator.classes;
  }

  /** n × k class probabilities, columns in `classes` order. */
  async predictProba(table: Table): Promise<Matrix> {
    return this.estimator.predictProba(this.features(table));
  }

  /** Each row's class index into `classes`. */
  async predictIndices(table: Table): Promise<Int32Array> {
    return this.estimator.predict(this.features(table));
  }

  /** Each row's predicted label, as the target column held it. */
  async predict(table: Table): Promise<ClassLabel[]> {
    return Array.from(await this.predictIndices(table), (i) => this.classes[i]!);
  }

  toJSON(): ModelFileJSON {
    return this.fileJSON(this.task, [...this.classes]);
  }
}

export class TrainedRegressor extends TrainedBase<Regressor> {
  readonly task = "regression";

  async predict(table: Table): Promise<Float64Array> {
    return this.estimator.predict(this.features(table));
  }

  toJSON(): ModelFileJSON {
    return this.fileJSON(this.task);
  }
}

/** A model trained here, by trainModel or tuneModel. */
export type FittedModel = TrainedClassifier | TrainedRegressor;

/**
 * Any model a model file holds: trained here, or imported from ONNX. Predictions are
 * promises because onnxruntime runs asynchronously.
 */
export type TrainedModel = FittedModel | OnnxClassifier | OnnxRegressor;
