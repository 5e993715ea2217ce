import { ConveyorError } from "../errors.ts";
import type { Column, ColumnType, Table } from "./table.ts";
import type { InputColumn } from "./transforms/preprocessor.ts";

/** The columns a saved model reads; a table may hold others (an id, the target), which are ignored. */
export interface InputSchema {
  readonly columns: readonly InputColumn[];
}

/**
 * Refuses a table the model cannot read as it was trained: a column missing, or holding text
 * where the model learned numbers (or the reverse). The error names the column, and for text
 * in a number column the first row whose value is not a number, since that is what to fix.
 */
export function checkInputSchema(table: Table, schema: InputSchema): void {
  for (const { name, type } of schema.columns) {
    const column = table.columns.find((c) => c.name === name);
    if (!column) {
      throw new ConveyorError(
        `the data has no column "${name}", which the model reads`,
        `give every column the model was trained on: ${schema.columns.map((c) => `"${c.name}"`).join(", ")}`,
        "schema_mismatch",
      );
    }
    if (column.type !== type) throw typeMismatch(column, type);
  }
}

function typeMismatch(column: Column, expected: ColumnType): ConveyorError {
  if (expected === "number" && column.type === "string") {
    const row = column.values.findIndex((v) => v !== null && !Number.isFinite(Number(v)));
    const where = row >= 0 ? ` (row ${row} is ${JSON.stringify(column.values[row])})` : "";
    return new ConveyorError(
      `column "${column.name}" holds text${where}, but the model was trained on numbers in it`,
      `give "${column.name}" as numbers, as in training`,
      "schema_mismatch",
    );
  }
  return new ConveyorError(
    `column "${column.name}" holds numbers, but the model was trained on text in it`,
    `give "${column.name}" as text, as in training`,
    "schema_mismatch",
  );
}
