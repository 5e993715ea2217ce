import { ConveyorError } from "../../errors.ts";
import { featureMatrix } from "../feature-matrix.ts";
import { readEnvelope } from "../json-format.ts";
import type { Matrix } from "../matrix.ts";
import { type ColumnType, getColumn, type Table } from "../table.ts";
import { corruptStep, readStrings } from "./step-json.ts";
import { RowPreprocessor } from "./row-preprocessor.ts";
import { fitStep, stepFromJSON } from "./steps.ts";
import { type FittedStep, type StepSpec, tableOf } from "./table-step.ts";

const envelope = { format: "conveyor.preprocessor", version: 1 } as const;

/** A column the preprocessor reads, with the type it had in training. */
export interface InputColumn {
  readonly name: string;
  readonly type: ColumnType;
}

export type PreprocessorJSON = {
  readonly format: typeof envelope.format;
  readonly version: typeof envelope.version;
  readonly input: InputColumn[];
  readonly steps: ReturnType<FittedStep["toJSON"]>[];
  readonly featureNames: string[];
};

/**
 * A chain of preprocessing steps (select, impute, scale, one-hot, ordinal) from a Table to
 * the numeric feature Matrix a model reads. Fit it on the training rows only, so that no
 * statistic of the rows it is evaluated on leaks into training; save it with the model, and
 * every later table goes through exactly the same learned values.
 *
 * The input schema is the columns the chain reads: those of a leading "select" step, or
 * else every column of the training table. Prediction tables must hold each with the same
 * type; other columns (ids, the target) are ignored.
 */
export class Preprocessor {
  private constructor(
    readonly input: readonly InputColumn[],
    private readonly steps: readonly FittedStep[],
    /** The output matrix's column names, in order. */
    readonly featureNames: readonly string[],
  ) {}

  static fit(table: Table, steps: readonly StepSpec[]): Preprocessor {
    if (table.rowCount === 0) {
      throw new ConveyorError("cannot fit preprocessing on a table with no rows", "fit on the training rows", "invalid_data");
    }
    const first = steps[0];
    const inputNames = first?.kind === "select" ? first.columns : table.columns.map((c) => c.name);
    const input = inputNames.map((name) => ({ name, type: getColumn(table, name).type }));
    let current = inputTable(table, input);
    const fitted: FittedStep[] = [];
    for (const spec of steps) {
      const step = fitStep(current, spec);
      current = step.transform(current);
      fitted.push(step);
    }
    const text = current.columns.find((c) => c.type === "string");
    if (text) {
      throw new ConveyorError(
        `column "${text.name}" still holds text after preprocessing, and a model needs numbers`,
        `add a "one-hot" or "ordinal" step for "${text.name}", or leave it out with "select"`,
        "invalid_data",
      );
    }
    if (current.columns.length === 0) {
      throw new ConveyorError("preprocessing leaves no feature columns", "select at least one column", "invalid_data");
    }
    return new Preprocessor(input, fitted, current.columns.map((c) => c.name));
  }

  static fromJSON(json: unknown): Preprocessor {
    const record = readEnvelope(json, envelope);
    const { input, steps } = record;
    const validInput =
      Array.isArray(input) &&
      input.every((c) => typeof c?.name === "string" && (c.type === "number" || c.type === "string"));
    if (!validInput) throw corruptStep(`"input" must list { name, type } columns`);
    if (!Array.isArray(steps)) throw corruptStep(`"steps" must be a list`);
    return new Preprocessor(input as InputColumn[], steps.map(stepFromJSON), readStrings(record, "featureNames"));
  }

  /**
   * The feature matrix of any table with the fitted input columns, transformed with the
   * values learned in fit. A missing input column or one of another type is refused, naming
   * it; so is a missing or infinite value that no step filled, naming column and row.
   */
  transformRows(table: Table): Matrix {
    let current = inputTable(table, this.input);
    for (const step of this.steps) current = step.transform(current);
    return featureMatrix(current, this.featureNames);
  }

  /** The same chain for scoring rows one at a time without building a Table: see RowPreprocessor. */
  forRows(): RowPreprocessor {
    return new RowPreprocessor(this.input, this.steps, this.featureNames);
  }

  toJSON(): PreprocessorJSON {
    return {
      ...envelope,
      input: this.input.map((c) => ({ ...c })),
      steps: this.steps.map((s) => s.toJSON()),
      featureNames: [...this.featureNames],
    };
  }
}

/** The table's input columns, in fitted order, each checked to be there with its fitted type. */
function inputTable(table: Table, input: readonly InputColumn[]): Table {
  return tableOf(
    input.map(({ name, type }) => {
      const column = table.columns.find((c) => c.name === name);
      if (!column) {
        throw new ConveyorError(
          `the data has no column "${name}", which the preprocessor was fitted with`,
          `give every input column: ${input.map((c) => `"${c.name}"`).join(", ")}`,
          "unknown_column",
        );
      }
      if (column.type !== type) {
        throw new ConveyorError(
          `column "${name}" holds ${describe(column.type)}, but held ${describe(type)} when the preprocessor was fitted`,
          `give "${name}" as ${describe(type)}, as in training`,
          "invalid_data",
        );
      }
      return column;
    }),
  );
}

function describe(type: ColumnType): string {
  return type === "number" ? "numbers" : "text";
}
