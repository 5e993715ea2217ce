import { ConveyorError } from "../../errors.ts";
import type { Column } from "../table.ts";
import { type ModelKind, type ModelTask, modelKind } from "./model-kinds.ts";
import { type ModelFamily, modelFamilies } from "./model-family-names.ts";
import type { Params } from "./model-params.ts";

export { type ModelFamily, modelFamilies };

/** What a component's `task` input may say: "auto" lets the family and the target decide. */
export type TaskChoice = ModelTask | "auto";

const kindsOf: Readonly<Record<ModelFamily, Partial<Record<ModelTask, string>>>> = {
  "logistic-regression": { classification: "logistic-regression" },
  "linear-regression": { regression: "linear-regression" },
  ridge: { regression: "ridge-regression" },
  knn: { classification: "knn-classifier", regression: "knn-regressor" },
  "decision-tree": { classification: "decision-tree-classifier", regression: "decision-tree-regressor" },
  "random-forest": { classification: "random-forest-classifier", regression: "random-forest-regressor" },
  "hist-gradient-boosting": {
    classification: "hist-gradient-boosting-classifier",
    regression: "hist-gradient-boosting-regressor",
  },
};

/**
 * The model kind of a family for a task. With task "auto" a family that does one task does
 * that one, and a text target means classification; a number target of a family that does
 * both is refused rather than guessed (are 0, 1, 2 classes or amounts?).
 */
export function familyKind(family: string, task: TaskChoice, target: Column, params: Params = {}): ModelKind {
  const kinds = kindsOfFamily(family);
  const tasks = Object.keys(kinds) as ModelTask[];
  const chosen = task !== "auto" ? task : tasks.length === 1 ? tasks[0]! : target.type === "string" ? "classification" : undefined;
  if (chosen === undefined) {
    throw new ConveyorError(
      `model "${family}" does classification and regression, and target column "${target.name}" holds numbers, which could be either`,
      `set task to "classification" or "regression"`,
      "invalid_param",
    );
  }
  const name = kinds[chosen];
  if (name === undefined) {
    throw new ConveyorError(
      `model "${family}" does ${tasks.join(" and ")}, not ${chosen}`,
      `choose a ${chosen} model: ${modelFamilies.filter((f) => kindsOf[f][chosen]).map((f) => `"${f}"`).join(", ")}`,
      "invalid_param",
    );
  }
  return modelKind(name, params);
}

/**
 * Checks parameters against a family's models before the task is known (the kinds of one
 * family take the same parameters), so that a misspelt name fails before any work.
 */
export function checkFamilyParams(family: string, params: Params): void {
  const [name] = Object.values(kindsOfFamily(family));
  modelKind(name!, params);
}

function kindsOfFamily(family: string): Partial<Record<ModelTask, string>> {
  if (!Object.hasOwn(kindsOf, family)) {
    throw new ConveyorError(
      `unknown model ${JSON.stringify(family)}`,
      `use one of ${modelFamilies.map((f) => `"${f}"`).join(", ")}`,
      "invalid_param",
    );
  }
  return kindsOf[family as ModelFamily];
}
