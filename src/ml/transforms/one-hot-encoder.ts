import { type Column, getColumn, type Table } from "../table.ts";
import { ConveyorError } from "../../errors.ts";
import { type ColumnCategories, categoryAt, fitCategories, readColumnCategories, unknownCategory } from "./categories.ts";
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
  private constructor(
    readonly handleUnknown: HandleUnknown,
    readonly encoded: readonly ColumnCategories[],
  ) {}

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
    for (const { column: name, categories } of this.encoded) {
      const column = getColumn(table, name);
      const index = new Map(categories.map((category, i) => [category, i]));
      const indicators = categories.map(() => new Float64Array(table.rowCount));
      for (let row = 0; row < table.rowCount; row++) {
        const value = categoryAt(column, row);
        const i = index.get(value);
        if (i !== undefined) indicators[i]![row] = 1;
        else if (this.handleUnknown === "error") throw unknownCategory(column, value, row);
      }
      replacements.set(
        name,
        categories.map((category, i) => ({ name: `${name}_${category}`, type: "number", values: indicators[i]! })),
      );
    }
    return replaceColumns(table, replacements);
  }

  toJSON(): { kind: "one-hot"; handleUnknown: HandleUnknown; encoded: ColumnCategories[] } {
    return {
      kind: "one-hot",
      handleUnknown: this.handleUnknown,
      encoded: this.encoded.map((e) => ({ column: e.column, categories: [...e.categories] })),
    };
  }
}
