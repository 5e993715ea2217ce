import { ConveyorError } from "../../errors.ts";
import type { ColumnType } from "../table.ts";

/**
 * One row on its way through a Preprocessor's steps: each number column's value in `numbers`,
 * each text column's in `strings`, at the slot the RowLayout gave the column. Steps rewrite
 * it in place, so a row is scored without building a Table.
 */
export interface RowValues {
  readonly numbers: Float64Array;
  readonly strings: (string | null)[];
}

/** Where a column's value sits in a RowValues. */
export interface RowSlot {
  readonly type: ColumnType;
  readonly slot: number;
}

/** One step's per-row transform: rewrites the row's slots in place; `row` is only for errors. */
export type RowTransform = (values: RowValues, row: number) => void;

/**
 * The columns a row holds between two steps, by name, and their slots: what each step compiles
 * its RowTransform against, once per model, as its `transform` would see the table's columns.
 * A column a step writes anew (an encoded column) gets a fresh slot, so a transform never
 * overwrites a value that it, or a later step, still reads.
 */
export class RowLayout {
  private readonly columns = new Map<string, RowSlot>();
  private numberSlots = 0;
  private stringSlots = 0;

  constructor(input: readonly { readonly name: string; readonly type: ColumnType }[]) {
    for (const { name, type } of input) this.define(name, type);
  }

  /** A buffer for rows of this layout, once every step has compiled against it. */
  createRow(): RowValues {
    return { numbers: new Float64Array(this.numberSlots), strings: new Array<string | null>(this.stringSlots).fill(null) };
  }

  slot(name: string): RowSlot {
    const slot = this.columns.get(name);
    // The steps were fitted on these very columns; only a hand-edited model file gets here.
    if (!slot) {
      throw new ConveyorError(
        `the preprocessing reads a column "${name}" that the steps before it do not give`,
        "re-train, or load the model with the Conveyor version that saved it",
        "corrupt_artifact",
      );
    }
    return slot;
  }

  /** The slot of a number column (a scaled column, or a feature). */
  numberSlot(name: string): number {
    const { type, slot } = this.slot(name);
    if (type !== "number") {
      throw new ConveyorError(
        `column "${name}" still holds text where the preprocessing needs numbers`,
        "re-train, or load the model with the Conveyor version that saved it",
        "corrupt_artifact",
      );
    }
    return slot;
  }

  /** Gives the column (new, or replacing one of the same name) a fresh slot. */
  define(name: string, type: ColumnType): number {
    const slot = type === "number" ? this.numberSlots++ : this.stringSlots++;
    this.columns.set(name, { type, slot });
    return slot;
  }

  remove(name: string): void {
    this.columns.delete(name);
  }

  /** Keeps only these columns. */
  keep(names: readonly string[]): void {
    const kept = new Set(names);
    for (const name of [...this.columns.keys()]) if (!kept.has(name)) this.columns.delete(name);
    for (const name of names) this.slot(name);
  }
}
