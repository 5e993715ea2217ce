import { ConveyorError } from "../../errors.ts";
import type { Column } from "../table.ts";
import { corruptStep } from "./step-json.ts";

export type Category = number | string;

/** One encoded column and its categories, in output order. */
export interface ColumnCategories {
  readonly column: string;
  readonly categories: readonly Category[];
}

/** The column's distinct values, sorted (numbers ascending, text by code unit), as scikit-learn's encoders order them. */
export function fitCategories(column: Column): Category[] {
  const distinct = new Set<Category>();
  for (let row = 0; row < column.values.length; row++) distinct.add(categoryAt(column, row));
  return [...distinct].sort((a, b) =>
    typeof a === "number" && typeof b === "number" ? a - b : a < b ? -1 : a > b ? 1 : 0,
  );
}

/** The value at a row; a missing one is refused, naming column and row, as encoders need a category. */
export function categoryAt(column: Column, row: number): Category {
  const value = column.values[row];
  if (value === null || value === undefined || Number.isNaN(value)) {
    throw new ConveyorError(
      `column "${column.name}" has a missing value at row ${row}`,
      `impute "${column.name}" (most_frequent or constant) before encoding it`,
      "invalid_data",
    );
  }
  return value;
}

export function unknownCategory(column: Column, value: Category, row: number): ConveyorError {
  return new ConveyorError(
    `column "${column.name}" has value ${JSON.stringify(value)} at row ${row}, a category not seen in training`,
    `train on data that includes it, or set the encoder to ignore unknown categories`,
    "invalid_data",
  );
}

/** Reads the "encoded" list that both encoders save. */
export function readColumnCategories(record: Record<string, unknown>): ColumnCategories[] {
  const { encoded } = record;
  const valid =
    Array.isArray(encoded) &&
    encoded.every((e) => typeof e?.column === "string" && isCategoryList(e.categories));
  if (!valid) throw corruptStep(`"encoded" must list { column, categories } pairs`);
  return encoded as ColumnCategories[];
}

function isCategoryList(value: unknown): value is Category[] {
  return (
    Array.isArray(value) &&
    value.every((v) => typeof v === "string" || (typeof v === "number" && Number.isFinite(v)))
  );
}
