import { ConveyorError } from "../errors.ts";
import type { Split } from "./split.ts";
import type { Column } from "./table.ts";

/** The two names a split column may hold. */
export const splitParts = ["train", "test"] as const;

/**
 * A split decided by the user: the given row indices (counted from 0) are the test rows, every
 * other row trains. Refuses indices outside the table, repeated ones, and a side left empty.
 */
export function givenRowsSplit(rowCount: number, testRows: readonly number[]): Split {
  const isTest = new Uint8Array(rowCount);
  testRows.forEach((row, i) => {
    if (!Number.isInteger(row) || row < 0 || row >= rowCount) {
      throw new ConveyorError(
        `testRows[${i}] is ${row}, but the data has rows 0 to ${rowCount - 1}`,
        "give row indices counted from 0",
        "invalid_param",
      );
    }
    if (isTest[row]) {
      throw new ConveyorError(`testRows lists row ${row} twice`, "list each test row once", "invalid_param");
    }
    isTest[row] = 1;
  });
  return checkedSplit(isTest, "testRows");
}

/**
 * A split named row by row in a column holding "train" or "test" (e.g. a fold assigned when
 * the data was collected). A missing or other value is refused with its row.
 */
export function columnSplit(column: Column): Split {
  const isTest = new Uint8Array(column.values.length);
  column.values.forEach((value, row) => {
    const part = splitParts.indexOf(value as (typeof splitParts)[number]);
    if (part === -1) {
      throw new ConveyorError(
        `split column "${column.name}" holds ${value === null || Number.isNaN(value) ? "no value" : JSON.stringify(value)} in row ${row} (counted from 0)`,
        `every row's value must be "train" or "test"`,
        "invalid_data",
      );
    }
    isTest[row] = part;
  });
  return checkedSplit(isTest, `split column "${column.name}"`);
}

function checkedSplit(isTest: Uint8Array, source: string): Split {
  const split: Split = { train: [], test: [] };
  isTest.forEach((test, row) => {
    (test ? split.test : split.train).push(row);
  });
  for (const side of splitParts) {
    if (split[side].length === 0) {
      throw new ConveyorError(
        `${source} leaves no ${side} rows (the data has ${isTest.length})`,
        `name at least one row for each of train and test`,
        "invalid_param",
      );
    }
  }
  return split;
}
