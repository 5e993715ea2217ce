import { getColumn, type Table } from "../table.ts";
import type { StepSpec } from "./table-step.ts";

/**
 * The preprocessing a model gets unless told otherwise, as a scikit-learn user would write
 * it with a ColumnTransformer: number columns imputed with their median and standardized;
 * text columns imputed with their most frequent value and one-hot encoded, a category unseen
 * in training encoding as all zeros (so serving does not fail on a new value).
 */
export function defaultSteps(table: Table, features: readonly string[]): StepSpec[] {
  const numbers = features.filter((name) => getColumn(table, name).type === "number");
  const texts = features.filter((name) => getColumn(table, name).type === "string");
  const steps: StepSpec[] = [{ kind: "select", columns: [...features] }];
  if (numbers.length > 0) {
    steps.push({ kind: "impute", strategy: "median", columns: numbers }, { kind: "scale", method: "standard", columns: numbers });
  }
  if (texts.length > 0) {
    steps.push({ kind: "impute", strategy: "most_frequent", columns: texts }, { kind: "one-hot", columns: texts, handleUnknown: "ignore" });
  }
  return steps;
}
