import { ConveyorError } from "../errors.ts";
import type { Table } from "./table.ts";
import { targetColumn } from "./target-column.ts";
import type { StepSpec } from "./transforms/table-step.ts";

/**
 * The preprocessing steps that turn a labelled table's features, and never its target, into
 * a model's input: the given steps after a "select" of every column but the target, unless
 * they start with their own "select" (which then must leave the target out).
 */
export function featureSteps(table: Table, target: string, steps: readonly StepSpec[]): readonly StepSpec[] {
  targetColumn(table, target);
  const first = steps[0];
  if (first?.kind === "select") {
    if (first.columns.includes(target)) {
      throw new ConveyorError(
        `the target column "${target}" is selected as a feature`,
        "leave the target out of the select step",
        "invalid_param",
      );
    }
    return steps;
  }
  const features = table.columns.map((c) => c.name).filter((name) => name !== target);
  if (features.length === 0) {
    throw new ConveyorError(`the data has no columns besides the target "${target}"`, "add feature columns", "invalid_data");
  }
  return [{ kind: "select", columns: features }, ...steps];
}
