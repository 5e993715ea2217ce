import { ConveyorError } from "../../errors.ts";
import type { Column } from "../table.ts";
import type { RowLayout, RowSlot, RowValues } from "./row-layout.ts";
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
  return category(column.name, column.values[row], row);
}

/** categoryAt for one value of the named column. */
export function category(name: string, value: Category | null | undefined, row: number): Category {
  if (value === null || value === undefined || Number.isNaN(value)) {
    throw new ConveyorError(
      `column "${name}" has a missing value at row ${row}`,
      `impute "${name}" (most_frequent or constant) before encoding it`,
      "invalid_data",
    );
  }
  return value;
}

/** Where an encoder reads one column of a row, and the index of each of its categories. */
export interface EncodedSlot {
  readonly column: string;
  readonly source: RowSlot;
  readonly index: ReadonlyMap<Category, number>;
}

/** The encoded columns' slots in the layout, looked up before the encoder redefines them. */
export function encodedSlots(
  layout: RowLayout,
  encoded: readonly ColumnCategories[],
  indexes: readonly ReadonlyMap<Category, number>[],
): EncodedSlot[] {
  return encoded.map(({ column }, e) => ({ column, source: layout.slot(column), index: indexes[e]! }));
}

/** The category an encoder reads from a row, refused when missing as categoryAt refuses it. */
export function rowCategory(values: RowValues, { column, source }: EncodedSlot, row: number): Category {
  return category(column, source.type === "number" ? values.numbers[source.slot] : values.strings[source.slot], row);
}

/** Each category's position, for looking values up: built once per encoder. */
export function categoryIndex(categories: readonly Category[]): Map<Category, number> {
  return new Map(categories.map((c, i) => [c, i]));
}

export function unknownCategory(name: string, value: Category, row: number): ConveyorError {
  return new ConveyorError(
    `column "${name}" has value ${JSON.stringify(value)} at row ${row}, a category not seen in training`,
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
