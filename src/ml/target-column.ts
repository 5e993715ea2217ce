import { ConveyorError, isConveyorError } from "../errors.ts";
import type { ModelTask } from "./models/model-kinds.ts";
import { getNumberColumn, type Column, type Table } from "./table.ts";
import { classLabels, type LabelValues } from "./transforms/class-labels.ts";

/** The label column a component was told to use; a name that is not there is a user error. */
export function targetColumn(table: Table, target: string): Column {
  const column = table.columns.find((c) => c.name === target);
  if (column) return column;
  throw new ConveyorError(
    `target column "${target}" is not in the data`,
    `the columns are: ${table.columns.map((c) => `"${c.name}"`).join(", ")}`,
    "unknown_column",
  );
}

/**
 * The target's values for a task, checked across the whole table so that a bad value is
 * named by its row: labels (numbers or text, none missing) for classification, finite
 * numbers for regression.
 */
export function taskTarget(table: Table, target: string, task: ModelTask): LabelValues {
  const column = targetColumn(table, target);
  if (task === "classification") {
    const classes = inTargetColumn(target, () => classLabels(column.values));
    if (classes.length < 2) {
      throw new ConveyorError(
        `target column "${target}" holds ${classes.length === 0 ? "no rows" : `only one class (${JSON.stringify(classes[0])})`}`,
        "a classifier needs rows of at least two classes",
        "invalid_data",
      );
    }
    return column.values;
  }
  const values = getNumberColumn(table, target).values;
  const row = values.findIndex((v) => !Number.isFinite(v));
  if (row >= 0) {
    throw new ConveyorError(
      `target column "${target}" is ${Number.isNaN(values[row]) ? "missing" : values[row]} at row ${row}`,
      "drop the rows with a missing or infinite target",
      "invalid_data",
    );
  }
  return values;
}

/** Runs `read`, telling a label error in terms of the target column. */
function inTargetColumn<T>(target: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!isConveyorError(error)) throw error;
    throw new ConveyorError(`target column "${target}": ${error.message}`, error.hint, error.code);
  }
}
