import { ConveyorError } from "../errors.ts";
import type { Column, Table } from "./table.ts";

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
 * The target's values, checked to be binary labels 0 and 1: what the classifiers train on
 * and the classification metrics score. Each error names the column (and the row).
 */
export function binaryTarget(table: Table, target: string): Float64Array {
  const column = targetColumn(table, target);
  if (column.type !== "number") {
    throw new ConveyorError(
      `target column "${target}" holds strings; a binary target must be 0 or 1`,
      "encode the classes as 0 and 1",
      "invalid_data",
    );
  }
  const row = column.values.findIndex((v) => v !== 0 && v !== 1);
  if (row >= 0) {
    const value = column.values[row]!;
    throw new ConveyorError(
      `target column "${target}" is ${Number.isNaN(value) ? "missing" : value} at row ${row}; a binary target must be 0 or 1`,
      Number.isNaN(value) ? "drop or fill the rows with a missing target" : "encode the classes as 0 and 1",
      "invalid_data",
    );
  }
  return column.values;
}
