import { ConveyorError } from "../errors.ts";
import { createMatrix, type Matrix } from "./matrix.ts";
import { getNumberColumn, type Table } from "./table.ts";

/**
 * Copies the named number columns into a row-major matrix, in the order given.
 * A missing or infinite value is refused here, naming its place, because a NaN reaching
 * a model would silently poison every coefficient.
 */
export function featureMatrix(table: Table, columnNames: readonly string[]): Matrix {
  const matrix = createMatrix(table.rowCount, columnNames.length);
  columnNames.forEach((name, c) => {
    const values = getNumberColumn(table, name).values;
    for (let r = 0; r < table.rowCount; r++) {
      const value = values[r]!;
      if (!Number.isFinite(value)) throw nonFiniteFeature(name, value, r);
      matrix.data[r * columnNames.length + c] = value;
    }
  });
  return matrix;
}

/** The error for a missing (NaN) or infinite value where a feature needs a number: also what a row scored alone gets. */
export function nonFiniteFeature(name: string, value: number, row: number): ConveyorError {
  return new ConveyorError(
    `column "${name}" has ${Number.isNaN(value) ? "a missing" : "an infinite"} value at row ${row}`,
    "impute or drop missing values before training",
    "invalid_data",
  );
}
