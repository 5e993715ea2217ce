import { ConveyorError } from "../errors.ts";
import { argmaxAt } from "./models/linear/argmax-rows.ts";
import type { ModelTask } from "./models/model-kinds.ts";
import { OnnxClassifier, type OnnxRegressor } from "./onnx/onnx-trained.ts";
import { type Column, createTable, type Table } from "./table.ts";
import { type FittedModel, TrainedClassifier, type TrainedModel } from "./trained-model.ts";
import type { ClassLabel } from "./transforms/class-labels.ts";
import type { InputColumn } from "./transforms/preprocessor.ts";
import type { RowPreprocessor } from "./transforms/row-preprocessor.ts";

/** One input column's values for n rows: a Float64Array for a number column (NaN: missing), strings or null for a text column. */
export type ColumnValues = Float64Array | readonly (string | null)[];

/** One input column's value for one row: a number (NaN or null: missing) or text (null: missing). */
export type RowValue = number | string | null;

/** What a RowScorer gives for a batch of rows. */
export interface RowScores {
  readonly rowCount: number;
  /** Each row's class index into `classes` (a classifier) or its predicted value (a regressor). */
  readonly predictions: Float64Array;
  /** rowCount × classes.length probabilities, row-major, in `classes` order; empty for a regressor. */
  readonly probabilities: Float64Array;
}

/** Buffers a caller passes to scoreRows: at least rowCount predictions and rowCount × classes.length probabilities. */
export interface ScoreBuffers {
  readonly predictions: Float64Array;
  readonly probabilities: Float64Array;
}

interface ScorerInfo {
  readonly task: ModelTask;
  /** The columns the model reads, in the order scoreRow and scoreRows take them: the model's signature. */
  readonly columns: readonly InputColumn[];
  /** A classifier's labels, in class-index order; empty for a regressor. */
  readonly classes: readonly ClassLabel[];
}

/** The scorer of a model trained here: everything happens before scoreRow returns. */
export interface SyncRowScorer extends ScorerInfo {
  readonly synchronous: true;
  /**
   * Scores one row, one value per column in `columns` order, allocating nothing: the result
   * is the scorer's own, overwritten by the next call.
   */
  scoreRow(values: readonly RowValue[]): RowScores;
  /** Scores rowCount rows, one ColumnValues per column, into `out` when given, else into new arrays. */
  scoreRows(columns: readonly ColumnValues[], rowCount: number, out?: ScoreBuffers): RowScores;
}

/** The scorer of an ONNX model: onnxruntime runs asynchronously, so each call builds a Table and awaits it. */
export interface AsyncRowScorer extends ScorerInfo {
  readonly synchronous: false;
  scoreRow(values: readonly RowValue[]): Promise<RowScores>;
  scoreRows(columns: readonly ColumnValues[], rowCount: number, out?: ScoreBuffers): Promise<RowScores>;
}

export type RowScorer = SyncRowScorer | AsyncRowScorer;

/**
 * A model's fast scoring path, for serving: built once per loaded model version, it takes
 * values already decoded per column in the signature's order and scores them without
 * building a Table, through the preprocessing saved with the model (compiled for rows, see
 * Preprocessor.forRows) and the estimator's predictRow. Its predictions and probabilities
 * are exactly those of the model's table methods (predictIndices, predictProba, predict),
 * and it refuses what they refuse, naming the column and row; with several bad rows, the
 * first bad row is named. ONNX models score through their own asynchronous table path
 * (SyncRowScorer vs AsyncRowScorer: check `synchronous`, or await either).
 */
export function createRowScorer(model: TrainedModel): RowScorer {
  if (model.kind === "onnx") return new OnnxRowScorer(model as OnnxClassifier | OnnxRegressor);
  return new FittedRowScorer(model as FittedModel);
}

class FittedRowScorer implements SyncRowScorer {
  readonly synchronous = true;
  readonly task: ModelTask;
  readonly columns: readonly InputColumn[];
  readonly classes: readonly ClassLabel[];
  private readonly rows: RowPreprocessor;
  private readonly features: Float64Array;
  private readonly one: RowScores;
  /** One row's probabilities, before scoreRows copies them to their place. */
  private readonly rowProbabilities: Float64Array;

  constructor(private readonly model: FittedModel) {
    this.task = model.task;
    this.columns = model.inputSchema.columns;
    this.classes = model instanceof TrainedClassifier ? model.classes : [];
    this.rows = model.info.preprocessor.forRows();
    this.features = new Float64Array(this.rows.featureCount);
    this.rowProbabilities = new Float64Array(this.classes.length);
    this.one = { rowCount: 1, predictions: new Float64Array(1), probabilities: this.rowProbabilities };
  }

  scoreRow(values: readonly RowValue[]): RowScores {
    if (values.length !== this.columns.length) throw columnCountError(this.columns, values.length, "values");
    const { numbers, strings } = this.rows.values;
    const slots = this.rows.inputSlots;
    for (let c = 0; c < values.length; c++) {
      const value = values[c]!;
      if (this.columns[c]!.type === "number") numbers[slots[c]!] = numberValue(this.columns[c]!, value);
      else strings[slots[c]!] = stringValue(this.columns[c]!, value);
    }
    this.one.predictions[0] = this.scoreFeatures(0);
    return this.one;
  }

  scoreRows(columns: readonly ColumnValues[], rowCount: number, out?: ScoreBuffers): RowScores {
    checkColumns(this.columns, columns, rowCount);
    const k = this.classes.length;
    const buffers = out ?? { predictions: new Float64Array(rowCount), probabilities: new Float64Array(rowCount * k) };
    if (buffers.predictions.length < rowCount || buffers.probabilities.length < rowCount * k) {
      throw new RangeError(`score buffers hold fewer than ${rowCount} rows`);
    }
    const { numbers, strings } = this.rows.values;
    const slots = this.rows.inputSlots;
    for (let row = 0; row < rowCount; row++) {
      for (let c = 0; c < columns.length; c++) {
        const values = columns[c]!;
        if (values instanceof Float64Array) numbers[slots[c]!] = values[row]!;
        else strings[slots[c]!] = values[row]!;
      }
      buffers.predictions[row] = this.scoreFeatures(row);
      buffers.probabilities.set(this.rowProbabilities, row * k);
    }
    return { rowCount, predictions: buffers.predictions, probabilities: buffers.probabilities };
  }

  /** The row set in the preprocessor's input, preprocessed and predicted; a classifier's probabilities go to rowProbabilities. */
  private scoreFeatures(row: number): number {
    this.rows.transformRow(row, this.features);
    const { model } = this;
    if (model instanceof TrainedClassifier) return model.estimator.predictRow(this.features, this.rowProbabilities);
    return model.estimator.predictRow(this.features);
  }
}

class OnnxRowScorer implements AsyncRowScorer {
  readonly synchronous = false;
  readonly task: ModelTask;
  readonly columns: readonly InputColumn[];
  readonly classes: readonly ClassLabel[];

  constructor(private readonly model: OnnxClassifier | OnnxRegressor) {
    this.task = model.task;
    this.columns = model.inputSchema.columns;
    this.classes = model instanceof OnnxClassifier ? model.classes : [];
  }

  async scoreRow(values: readonly RowValue[]): Promise<RowScores> {
    if (values.length !== this.columns.length) throw columnCountError(this.columns, values.length, "values");
    const columns = this.columns.map((column, c) =>
      column.type === "number" ? Float64Array.of(numberValue(column, values[c]!)) : [stringValue(column, values[c]!)],
    );
    return this.scoreRows(columns, 1);
  }

  async scoreRows(columns: readonly ColumnValues[], rowCount: number, out?: ScoreBuffers): Promise<RowScores> {
    checkColumns(this.columns, columns, rowCount);
    const table = inputTable(this.columns, columns);
    const k = this.classes.length;
    const predictions = out?.predictions ?? new Float64Array(rowCount);
    const probabilities = out?.probabilities ?? new Float64Array(rowCount * k);
    if (this.model instanceof OnnxClassifier) {
      const proba = await this.model.predictProba(table);
      probabilities.set(proba.data);
      for (let row = 0; row < rowCount; row++) predictions[row] = argmaxAt(proba.data, row * k, k);
    } else {
      predictions.set(await this.model.predict(table));
    }
    return { rowCount, predictions, probabilities };
  }
}

function numberValue(column: InputColumn, value: RowValue): number {
  if (typeof value === "number") return value;
  if (value === null) return Number.NaN;
  throw new ConveyorError(
    `column "${column.name}" takes numbers, but was given ${JSON.stringify(value)}`,
    `give "${column.name}" as a number (null when missing), as in training`,
    "schema_mismatch",
  );
}

function stringValue(column: InputColumn, value: RowValue): string | null {
  if (typeof value === "string" || value === null) return value;
  throw new ConveyorError(
    `column "${column.name}" takes text, but was given ${JSON.stringify(value)}`,
    `give "${column.name}" as text (null when missing), as in training`,
    "schema_mismatch",
  );
}

/** Refuses columns that are not the signature's: their count, each one's kind of values, or its length. */
function checkColumns(schema: readonly InputColumn[], columns: readonly ColumnValues[], rowCount: number): void {
  if (columns.length !== schema.length) throw columnCountError(schema, columns.length, "columns");
  schema.forEach((column, c) => {
    const values = columns[c]!;
    const isNumbers = values instanceof Float64Array;
    if (isNumbers !== (column.type === "number")) {
      throw new ConveyorError(
        `column "${column.name}" was given ${isNumbers ? "numbers" : "text"}, but the model was trained on ${column.type === "number" ? "numbers" : "text"} in it`,
        `give "${column.name}" as ${column.type === "number" ? "numbers" : "text"}, as in training`,
        "schema_mismatch",
      );
    }
    if (values.length !== rowCount) {
      throw new ConveyorError(
        `column "${column.name}" has ${values.length} values for ${rowCount} rows`,
        "give every column one value per row",
        "schema_mismatch",
      );
    }
  });
}

function columnCountError(schema: readonly InputColumn[], given: number, what: string): ConveyorError {
  return new ConveyorError(
    `the model reads ${schema.length} columns, but ${given} ${what} were given`,
    `give one per column, in this order: ${schema.map((c) => `"${c.name}"`).join(", ")}`,
    "schema_mismatch",
  );
}

/** The columns (checked by checkColumns) as a Table, for a model that scores only tables. */
function inputTable(schema: readonly InputColumn[], columns: readonly ColumnValues[]): Table {
  return createTable(
    schema.map(({ name }, c): Column => {
      const values = columns[c]!;
      return values instanceof Float64Array ? { name, type: "number", values } : { name, type: "string", values };
    }),
  );
}
