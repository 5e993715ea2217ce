import { ConveyorError } from "../errors.ts";
import { featureSteps } from "./feature-steps.ts";
import { getColumn, type Table } from "./table.ts";
import { targetColumn } from "./target-column.ts";
import { defaultSteps } from "./transforms/default-steps.ts";
import { parseSteps } from "./transforms/parse-steps.ts";
import type { StepSpec } from "./transforms/table-step.ts";

/**
 * The preprocessing steps a training component fits: on the chosen feature columns (every
 * column but the target when none are named), "auto" means defaultSteps, and a list is
 * checked step by step; either way the chain starts with a "select" of the features, so the
 * target never leaks in and the saved input schema is exactly the features.
 */
export function trainingSteps(
  table: Table,
  target: string,
  features: readonly string[],
  preprocessing: unknown,
): readonly StepSpec[] {
  targetColumn(table, target);
  const chosen = featureNames(table, target, features);
  if (preprocessing === "auto") return featureSteps(table, target, defaultSteps(table, chosen));
  const steps = parseSteps(preprocessing);
  if (steps[0]?.kind === "select" && features.length > 0) {
    throw new ConveyorError(
      "both the features input and a leading select step choose the feature columns",
      "give one of them",
      "invalid_param",
    );
  }
  return featureSteps(table, target, steps[0]?.kind === "select" ? steps : [{ kind: "select", columns: chosen }, ...steps]);
}

function featureNames(table: Table, target: string, features: readonly string[]): string[] {
  for (const name of features) getColumn(table, name);
  const chosen = features.length > 0 ? [...features] : table.columns.map((c) => c.name).filter((name) => name !== target);
  if (chosen.length === 0) {
    throw new ConveyorError(`the data has no columns besides the target "${target}"`, "add feature columns", "invalid_data");
  }
  return chosen;
}
