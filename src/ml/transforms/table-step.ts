import { ConveyorError } from "../../errors.ts";
import type { Column, Table } from "../table.ts";
import type { RowLayout, RowTransform } from "./row-layout.ts";
import { createTable, getColumn } from "../table.ts";

/**
 * One step of a Preprocessor, as a user writes it. `columns` names the columns the step
 * works on; left out, a step takes every column it applies to (scale: number columns;
 * one-hot, ordinal: text columns; impute: all columns).
 */
export type StepSpec =
  | { readonly kind: "select"; readonly columns: readonly string[] }
  | {
      readonly kind: "impute";
      readonly strategy: ImputeStrategy;
      readonly columns?: readonly string[];
      /** For "constant": the fill (default 0 for number columns, "missing_value" for text). */
      readonly fillValue?: number | string;
    }
  | { readonly kind: "scale"; readonly method: ScaleMethod; readonly columns?: readonly string[] }
  | {
      readonly kind: "one-hot";
      readonly columns?: readonly string[];
      /** An unseen category: "error" (default, as scikit-learn) or "ignore" (all indicator columns 0). */
      readonly handleUnknown?: "error" | "ignore";
    }
  | {
      readonly kind: "ordinal";
      readonly columns?: readonly string[];
      /** An unseen category: "error" (default) or the number to encode it as, e.g. -1. */
      readonly unknownValue?: number | "error";
    };

export type ImputeStrategy = "mean" | "median" | "most_frequent" | "constant";
export type ScaleMethod = "standard" | "min-max" | "robust";

/** A step fitted on training rows: applies what it learned to any table with the same columns. */
export interface FittedStep {
  transform(table: Table): Table;
  /**
   * The same transform for one row at a time, with the same fitted values: compiled once
   * against the columns the steps before leave (which it updates to those it leaves), it
   * rewrites a row's slots in place and allocates nothing per row. For a row it gives exactly
   * what `transform` gives that row of a table, and refuses what `transform` would refuse.
   */
  rowTransform(layout: RowLayout): RowTransform;
  /** Plain JSON with a "kind" field that stepFromJSON dispatches on. */
  toJSON(): { readonly kind: string } & Record<string, unknown>;
}

/** The named columns (each must exist), or every column passing `applies` when no names are given. */
export function stepColumns(
  table: Table,
  names: readonly string[] | undefined,
  applies: (column: Column) => boolean,
): Column[] {
  if (names) return names.map((name) => getColumn(table, name));
  return table.columns.filter(applies);
}

/** The table with some columns replaced, in place, by zero or more new ones. */
export function replaceColumns(table: Table, replacements: ReadonlyMap<string, readonly Column[]>): Table {
  return tableOf(table.columns.flatMap((column) => replacements.get(column.name) ?? [column]));
}

/** A table of these columns; a name used twice (e.g. a one-hot column named like an existing one) is a user error. */
export function tableOf(columns: readonly Column[]): Table {
  const seen = new Set<string>();
  for (const { name } of columns) {
    if (seen.has(name)) {
      throw new ConveyorError(
        `preprocessing would produce two columns named "${name}"`,
        "select each column once, and rename a column that clashes with an encoded one",
        "invalid_data",
      );
    }
    seen.add(name);
  }
  return createTable(columns);
}
