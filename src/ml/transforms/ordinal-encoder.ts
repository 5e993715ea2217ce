import { ConveyorError } from "../../errors.ts";
import { type Column, getColumn, type Table } from "../table.ts";
import { type ColumnCategories, categoryAt, fitCategories, readColumnCategories, unknownCategory } from "./categories.ts";
import { corruptStep, readRecord } from "./step-json.ts";
import { type FittedStep, replaceColumns, stepColumns } from "./table-step.ts";

/**
 * Replaces each categorical column by its category's index among the sorted training
 * categories (0, 1, …), as scikit-learn's OrdinalEncoder. An unseen category is an error
 * naming the column and value, or encoded as `unknownValue` when that is a number.
 */
export class OrdinalEncoder implements FittedStep {
  private constructor(
    readonly unknownValue: number | "error",
    readonly encoded: readonly ColumnCategories[],
  ) {}

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
    for (const { column: name, categories } of this.encoded) {
      const column = getColumn(table, name);
      const index = new Map(categories.map((category, i) => [category, i]));
      const values = new Float64Array(table.rowCount);
      for (let row = 0; row < table.rowCount; row++) {
        const value = categoryAt(column, row);
        const i = index.get(value);
        if (i !== undefined) values[row] = i;
        else if (this.unknownValue === "error") throw unknownCategory(column, value, row);
        else values[row] = this.unknownValue;
      }
      replacements.set(name, [{ name, type: "number", values }]);
    }
    return replaceColumns(table, replacements);
  }

  toJSON(): { kind: "ordinal"; unknownValue: number | "error"; encoded: ColumnCategories[] } {
    return {
      kind: "ordinal",
      unknownValue: this.unknownValue,
      encoded: this.encoded.map((e) => ({ column: e.column, categories: [...e.categories] })),
    };
  }
}
