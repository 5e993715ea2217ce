import { ConveyorError } from "../../errors.ts";
import { type Column, getColumn, type Table } from "../table.ts";
import { median, sortedPresent } from "./percentile.ts";
import type { RowLayout, RowTransform } from "./row-layout.ts";
import { corruptStep, readOneOf, readRecord } from "./step-json.ts";
import { type FittedStep, type ImputeStrategy, replaceColumns, stepColumns } from "./table-step.ts";

const strategies: readonly ImputeStrategy[] = ["mean", "median", "most_frequent", "constant"];

/** The value that fills one column's missing entries. */
export interface Fill {
  readonly column: string;
  readonly value: number | string;
}

/**
 * Fills missing values (NaN in number columns, null in text columns) with a value learned
 * from the training rows, as scikit-learn's SimpleImputer: the mean or median (number
 * columns), the most frequent value (the smallest on ties), or a constant.
 */
export class Imputer implements FittedStep {
  private constructor(
    readonly strategy: ImputeStrategy,
    readonly fills: readonly Fill[],
  ) {}

  static fit(
    table: Table,
    strategy: ImputeStrategy,
    columns?: readonly string[],
    fillValue?: number | string,
  ): Imputer {
    const fills = stepColumns(table, columns, () => true).map((column) => ({
      column: column.name,
      value: fitFill(column, strategy, fillValue),
    }));
    return new Imputer(strategy, fills);
  }

  static fromJSON(json: unknown): Imputer {
    const record = readRecord(json, "an impute step");
    const { fills } = record;
    const valid =
      Array.isArray(fills) &&
      fills.every((f) => {
        const fill = f as Record<string, unknown>;
        return typeof fill?.column === "string" && (typeof fill.value === "string" || Number.isFinite(fill.value));
      });
    if (!valid) throw corruptStep(`"fills" must list { column, value } pairs`);
    return new Imputer(readOneOf(record, "strategy", strategies), fills as Fill[]);
  }

  transform(table: Table): Table {
    const replacements = new Map<string, Column[]>();
    for (const { column: name, value } of this.fills) {
      replacements.set(name, [fillColumn(getColumn(table, name), value)]);
    }
    return replaceColumns(table, replacements);
  }

  rowTransform(layout: RowLayout): RowTransform {
    const numberSlots: number[] = [];
    const numberFills: number[] = [];
    const stringSlots: number[] = [];
    const stringFills: string[] = [];
    for (const { column, value } of this.fills) {
      const { type, slot } = layout.slot(column);
      if (type === "number") {
        numberSlots.push(slot);
        numberFills.push(value as number);
      } else {
        stringSlots.push(slot);
        stringFills.push(value as string);
      }
    }
    return ({ numbers, strings }) => {
      for (let i = 0; i < numberSlots.length; i++) numbers[numberSlots[i]!] = fillNumber(numbers[numberSlots[i]!]!, numberFills[i]!);
      for (let i = 0; i < stringSlots.length; i++) strings[stringSlots[i]!] = fillString(strings[stringSlots[i]!]!, stringFills[i]!);
    };
  }

  toJSON(): { kind: "impute"; strategy: ImputeStrategy; fills: Fill[] } {
    return { kind: "impute", strategy: this.strategy, fills: this.fills.map((f) => ({ ...f })) };
  }
}

function fitFill(column: Column, strategy: ImputeStrategy, fillValue: number | string | undefined): number | string {
  if (strategy === "constant") return constantFill(column, fillValue);
  if (column.type === "string") {
    if (strategy !== "most_frequent") {
      throw new ConveyorError(
        `cannot impute the ${strategy} of column "${column.name}": it holds text`,
        `use strategy "most_frequent" or "constant" for text columns`,
        "invalid_param",
      );
    }
    const present = column.values.filter((v): v is string => v !== null);
    return mostFrequent(present, column.name);
  }
  const infinite = column.values.findIndex((v) => v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY);
  if (infinite >= 0) {
    throw new ConveyorError(
      `column "${column.name}" has an infinite value at row ${infinite}`,
      "replace or drop infinite values; imputation fills only missing ones",
      "invalid_data",
    );
  }
  const sorted = sortedPresent(column.values);
  if (strategy === "most_frequent") return mostFrequent(sorted, column.name);
  if (sorted.length === 0) throw allMissing(column.name);
  if (strategy === "median") return median(sorted);
  let sum = 0;
  for (const v of column.values) if (!Number.isNaN(v)) sum += v;
  return sum / sorted.length;
}

function constantFill(column: Column, fillValue: number | string | undefined): number | string {
  const value = fillValue ?? (column.type === "number" ? 0 : "missing_value");
  const expected = column.type === "number" ? "number" : "string";
  if (typeof value !== expected || (typeof value === "number" && !Number.isFinite(value))) {
    throw new ConveyorError(
      `fill value ${JSON.stringify(value)} does not suit column "${column.name}", which holds ${column.type === "number" ? "numbers" : "text"}`,
      "impute number and text columns in separate steps, each with a fill value of the column's type",
      "invalid_param",
    );
  }
  return value;
}

/** The most common value, the smallest among equally common ones (as scikit-learn). */
function mostFrequent<T extends number | string>(values: Iterable<T>, columnName: string): T {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: T | undefined;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && value < best)) {
      best = value;
      bestCount = count;
    }
  }
  if (best === undefined) throw allMissing(columnName);
  return best;
}

function fillColumn(column: Column, value: number | string): Column {
  if (column.type === "number") return { ...column, values: column.values.map((v) => fillNumber(v, value as number)) };
  return { ...column, values: column.values.map((v) => fillString(v, value as string)) };
}

function fillNumber(value: number, fill: number): number {
  return Number.isNaN(value) ? fill : value;
}

function fillString(value: string | null, fill: string): string {
  return value ?? fill;
}

function allMissing(columnName: string): ConveyorError {
  return new ConveyorError(
    `column "${columnName}" has no values to learn a fill from: every training row is missing`,
    `drop "${columnName}", or impute it with strategy "constant"`,
    "invalid_data",
  );
}
