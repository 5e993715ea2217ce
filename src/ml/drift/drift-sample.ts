import { ConveyorError } from "../../errors.ts";
import { presentNumbers, presentStrings } from "../profile/present-values.ts";
import type { Category } from "../profile/value-counts.ts";
import type { Column } from "../table.ts";
import { maxCategoricalDistinct } from "./drift-method.ts";
import type { Side } from "./require-values.ts";

/** One column's present values on both sides, and whether they are compared as categories. */
export type DriftSample =
  | {
      readonly column: string;
      readonly kind: "numeric" | "categorical";
      readonly reference: Float64Array;
      readonly current: Float64Array;
    }
  | {
      readonly column: string;
      readonly kind: "categorical";
      readonly reference: readonly string[];
      readonly current: readonly string[];
    };

/**
 * Drops missing values (as Evidently does) and decides the kind: strings are categorical,
 * and so are numbers with at most 5 distinct values across both samples.
 */
export function driftSample(reference: Column, current: Column): DriftSample {
  const column = reference.name;
  let sample: DriftSample;
  if (reference.type === "number" && current.type === "number") {
    const referenceValues = presentNumbers(reference.values);
    const currentValues = presentNumbers(current.values);
    const kind = hasFewValues(referenceValues, currentValues) ? "categorical" : "numeric";
    sample = { column, kind, reference: referenceValues, current: currentValues };
  } else if (reference.type === "string" && current.type === "string") {
    sample = {
      column,
      kind: "categorical",
      reference: presentStrings(reference.values),
      current: presentStrings(current.values),
    };
  } else {
    throw new ConveyorError(
      `column "${column}" holds ${reference.type}s in the reference but ${current.type}s in the current data`,
      "compare data with the same schema; a schema expectation reports this before any drift test",
      "invalid_data",
    );
  }
  requirePresent(column, "reference", sample.reference.length);
  requirePresent(column, "current", sample.current.length);
  return sample;
}

/** The sample's values as categories, for the tests that count values. */
export function categoriesOf(values: Float64Array | readonly string[]): readonly Category[] {
  return values instanceof Float64Array ? Array.from(values) : values;
}

function hasFewValues(reference: Float64Array, current: Float64Array): boolean {
  const distinct = new Set<number>();
  for (const values of [reference, current]) {
    for (const value of values) {
      distinct.add(value);
      if (distinct.size > maxCategoricalDistinct) return false;
    }
  }
  return true;
}

function requirePresent(column: string, side: Side, count: number): void {
  if (count > 0) return;
  throw new ConveyorError(
    `column "${column}" has no values in the ${side} data: every row is missing`,
    "leave the column out of the drift check, or fix the data that lost it",
    "invalid_data",
  );
}
