import { getColumn, type Table } from "../table.ts";
import { type FittedStep, tableOf } from "./table-step.ts";
import type { RowLayout, RowTransform } from "./row-layout.ts";
import { readRecord, readStrings } from "./step-json.ts";

/** Keeps the named columns, in the order named, and drops the rest. */
export class ColumnSelector implements FittedStep {
  private constructor(readonly columns: readonly string[]) {}

  static fit(table: Table, columns: readonly string[]): ColumnSelector {
    const selector = new ColumnSelector([...columns]);
    selector.transform(table); // refuses unknown and duplicate names now, not at prediction
    return selector;
  }

  static fromJSON(json: unknown): ColumnSelector {
    return new ColumnSelector(readStrings(readRecord(json, "a select step"), "columns"));
  }

  transform(table: Table): Table {
    return tableOf(this.columns.map((name) => getColumn(table, name)));
  }

  rowTransform(layout: RowLayout): RowTransform {
    layout.keep(this.columns);
    return keepRow;
  }

  toJSON(): { kind: "select"; columns: string[] } {
    return { kind: "select", columns: [...this.columns] };
  }
}

/** Dropping columns moves no value: the dropped slots are simply never read again. */
function keepRow(): void {}
