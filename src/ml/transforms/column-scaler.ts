import { ConveyorError } from "../../errors.ts";
import { featureMatrix, nonFiniteFeature } from "../feature-matrix.ts";
import type { Column, Table } from "../table.ts";
import { MinMaxScaler } from "./min-max-scaler.ts";
import { RobustScaler } from "./robust-scaler.ts";
import type { RowLayout, RowTransform } from "./row-layout.ts";
import { StandardScaler } from "./standard-scaler.ts";
import { corruptStep, readOneOf, readRecord, readStrings } from "./step-json.ts";
import { type FittedStep, replaceColumns, type ScaleMethod, stepColumns } from "./table-step.ts";

const methods: readonly ScaleMethod[] = ["standard", "min-max", "robust"];
type Scaler = StandardScaler | MinMaxScaler | RobustScaler;

/** Rescales number columns with a StandardScaler, MinMaxScaler or RobustScaler fitted on training rows. */
export class ColumnScaler implements FittedStep {
  private constructor(
    readonly method: ScaleMethod,
    readonly columns: readonly string[],
    private readonly scaler: Scaler,
  ) {}

  static fit(table: Table, method: ScaleMethod, columns?: readonly string[]): ColumnScaler {
    if (!methods.includes(method)) {
      throw new ConveyorError(
        `unknown scaling method ${JSON.stringify(method)}`,
        `use one of ${methods.map((m) => `"${m}"`).join(", ")}`,
        "invalid_param",
      );
    }
    const names = stepColumns(table, columns, (c) => c.type === "number").map((c) => c.name);
    // featureMatrix refuses text columns, and missing or infinite values, naming column and row.
    const x = featureMatrix(table, names);
    const scaler =
      method === "standard" ? StandardScaler.fit(x) : method === "min-max" ? MinMaxScaler.fit(x) : RobustScaler.fit(x);
    return new ColumnScaler(method, names, scaler);
  }

  static fromJSON(json: unknown): ColumnScaler {
    const record = readRecord(json, "a scale step");
    const method = readOneOf(record, "method", methods);
    const columns = readStrings(record, "columns");
    const scaler =
      method === "standard"
        ? StandardScaler.fromJSON(record.scaler)
        : method === "min-max"
          ? MinMaxScaler.fromJSON(record.scaler)
          : RobustScaler.fromJSON(record.scaler);
    if (scaler.scale.length !== columns.length) {
      throw corruptStep(`the scaler has ${scaler.scale.length} features but "columns" names ${columns.length}`);
    }
    return new ColumnScaler(method, columns, scaler);
  }

  transform(table: Table): Table {
    const scaled = this.scaler.transform(featureMatrix(table, this.columns));
    const d = this.columns.length;
    const replacements = new Map<string, Column[]>(
      this.columns.map((name, j) => {
        const values = new Float64Array(table.rowCount);
        for (let i = 0; i < table.rowCount; i++) values[i] = scaled.data[i * d + j]!;
        return [name, [{ name, type: "number", values }]];
      }),
    );
    return replaceColumns(table, replacements);
  }

  rowTransform(layout: RowLayout): RowTransform {
    const slots = Int32Array.from(this.columns, (name) => layout.numberSlot(name));
    const values = new Float64Array(slots.length);
    return ({ numbers }, row) => {
      // As transform's featureMatrix: a missing or infinite value is refused, naming it.
      for (let j = 0; j < slots.length; j++) {
        const value = numbers[slots[j]!]!;
        if (!Number.isFinite(value)) throw nonFiniteFeature(this.columns[j]!, value, row);
        values[j] = value;
      }
      this.scaler.transformRow(values, 0, values, 0);
      for (let j = 0; j < slots.length; j++) numbers[slots[j]!] = values[j]!;
    };
  }

  toJSON(): { kind: "scale"; method: ScaleMethod; columns: string[]; scaler: ReturnType<Scaler["toJSON"]> } {
    return { kind: "scale", method: this.method, columns: [...this.columns], scaler: this.scaler.toJSON() };
  }
}
