import { type Column, getColumn, type Table } from "../table.ts";
import { ConveyorError } from "../../errors.ts";
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
import { readOneOf, readRecord } from "./step-json.ts";
import { type FittedStep, replaceColumns, stepColumns } from "./table-step.ts";

const unknownHandling = ["error", "ignore"] as const;
type HandleUnknown = (typeof unknownHandling)[number];

/**
 * Replaces each categorical column by one 0/1 column per category seen in training, named
 * "<column>_<category>" as scikit-learn's OneHotEncoder names them. An unseen category is
 * an error naming the column and value, or, with handleUnknown "ignore", all zeros.
 */
export class OneHotEncoder implements FittedStep {
  private readonly indexes: readonly ReadonlyMap<Category, number>[];

  private constructor(
    readonly handleUnknown: HandleUnknown,
    readonly encoded: readonly ColumnCategories[],
  ) {
    this.indexes = encoded.map((e) => categoryIndex(e.categories));
  }

  static fit(table: Table, columns?: readonly string[], handleUnknown: HandleUnknown = "error"): OneHotEncoder {
    if (!unknownHandling.includes(handleUnknown)) {
      throw new ConveyorError(
        `handleUnknown is ${JSON.stringify(handleUnknown)}`,
        `use "error" or "ignore"`,
        "invalid_param",
      );
    }
    const encoded = stepColumns(table, columns, (c) => c.type === "string").map((column) => ({
      column: column.name,
      categories: fitCategories(column),
    }));
    return new OneHotEncoder(handleUnknown, encoded);
  }

  static fromJSON(json: unknown): OneHotEncoder {
    const record = readRecord(json, "a one-hot step");
    return new OneHotEncoder(readOneOf(record, "handleUnknown", unknownHandling), readColumnCategories(record));
  }

  transform(table: Table): Table {
    const replacements = new Map<string, Column[]>();
    for (const [e, { column: name, categories }] of this.encoded.entries()) {
      const column = getColumn(table, name);
      const index = this.indexes[e]!;
      const indicators = categories.map(() => new Float64Array(table.rowCount));
      for (let row = 0; row < table.rowCount; row++) {
        const value = categoryAt(column, row);
        const i = index.get(value);
        if (i !== undefined) indicators[i]![row] = 1;
        else if (this.handleUnknown === "error") throw unknownCategory(name, value, row);
      }
      replacements.set(
        name,
        categories.map((category, i) => ({ name: `${name}_${category}`, type: "number", values: indicators[i]! })),
      );
    }
    return replaceColumns(table, replacements);
  }

  rowTransform(layout: RowLayout): RowTransform {
    const sources = encodedSlots(layout, this.encoded, this.indexes);
    const indicators = this.encoded.map(({ column, categories }) => {
      layout.remove(column);
      return Int32Array.from(categories, (category) => layout.define(`${column}_${category}`, "number"));
    });
    return (values, row) => {
      for (let e = 0; e < sources.length; e++) {
        const source = sources[e]!;
        const value = rowCategory(values, source, row);
        const i = source.index.get(value);
        if (i === undefined && this.handleUnknown === "error") throw unknownCategory(source.column, value, row);
        const slots = indicators[e]!;
        for (let c = 0; c < slots.length; c++) values.numbers[slots[c]!] = c === i ? 1 : 0;
      }
    };
  }

  toJSON(): { kind: "one-hot"; handleUnknown: HandleUnknown; encoded: ColumnCategories[] } {
    return {
      kind: "one-hot",
      handleUnknown: this.handleUnknown,
      encoded: this.encoded.map((e) => ({ column: e.column, categories: [...e.categories] })),
    };
  }
}
