import { ConveyorError } from "../../errors.ts";
import { type Column, getColumn, type Table } from "../table.ts";
import {
  type Category,
  type ColumnCategories,
  categoryAt,
  categoryIndex,
  encodedSlots,
  fitCategories,
  readColumnCategories,
  rowCategory,
  unknownCategory,
} from "./categories.ts";
import type { RowLayout, RowTransform } from "./row-layout.ts";
import { corruptStep, readRecord } from "./step-json.ts";
import { type FittedStep, replaceColumns, stepColumns } from "./table-step.ts";

/**
 * Replaces each categorical column by its category's index among the sorted training
 * categories (0, 1, …), as scikit-learn's OrdinalEncoder. An unseen category is an error
 * naming the column and value, or encoded as `unknownValue` when that is a number.
 */
export class OrdinalEncoder implements FittedStep {
  private readonly indexes: readonly ReadonlyMap<Category, number>[];

  private constructor(
    readonly unknownValue: number | "error",
    readonly encoded: readonly ColumnCategories[],
  ) {
    this.indexes = encoded.map((e) => categoryIndex(e.categories));
  }

  static fit(table: Table, columns?: readonly string[], unknownValue: number | "error" = "error"): OrdinalEncoder {
    if (unknownValue !== "error" && !Number.isFinite(unknownValue)) {
      throw new ConveyorError(
        `unknownValue is ${JSON.stringify(unknownValue)}`,
        `give a finite number (e.g. -1) or "error"`,
        "invalid_param",
      );
    }
    const encoded = stepColumns(table, columns, (c) => c.type === "string").map((column) => ({
      column: column.name,
      categories: fitCategories(column),
    }));
    return new OrdinalEncoder(unknownValue, encoded);
  }

  static fromJSON(json: unknown): OrdinalEncoder {
    const record = readRecord(json, "an ordinal step");
    const { unknownValue } = record;
    if (unknownValue !== "error" && !(typeof unknownValue === "number" && Number.isFinite(unknownValue))) {
      throw corruptStep(`"unknownValue" must be a number or "error"`);
    }
    return new OrdinalEncoder(unknownValue, readColumnCategories(record));
  }

  transform(table: Table): Table {
    const replacements = new Map<string, Column[]>();
    for (const [e, { column: name }] of this.encoded.entries()) {
      const column = getColumn(table, name);
      const values = new Float64Array(table.rowCount);
      for (let row = 0; row < table.rowCount; row++) values[row] = this.code(name, this.indexes[e]!, categoryAt(column, row), row);
      replacements.set(name, [{ name, type: "number", values }]);
    }
    return replaceColumns(table, replacements);
  }

  rowTransform(layout: RowLayout): RowTransform {
    const sources = encodedSlots(layout, this.encoded, this.indexes);
    const targets = Int32Array.from(this.encoded, ({ column }) => layout.define(column, "number"));
    return (values, row) => {
      for (let e = 0; e < sources.length; e++) {
        const source = sources[e]!;
        values.numbers[targets[e]!] = this.code(source.column, source.index, rowCategory(values, source, row), row);
      }
    };
  }

  /** A value's code: its category's index, or unknownValue for an unseen one (an error unless a number). */
  private code(name: string, index: ReadonlyMap<Category, number>, value: Category, row: number): number {
    const i = index.get(value);
    if (i !== undefined) return i;
    if (this.unknownValue === "error") throw unknownCategory(name, value, row);
    return this.unknownValue;
  }

  toJSON(): { kind: "ordinal"; unknownValue: number | "error"; encoded: ColumnCategories[] } {
    return {
      kind: "ordinal",
      unknownValue: this.unknownValue,
      encoded: this.encoded.map((e) => ({ column: e.column, categories: [...e.categories] })),
    };
  }
}
