/**
 * The model names a pipeline chooses from. One family can classify and regress (a random
 * forest of either); the task picks the concrete model kind (model-families.ts). Apart from
 * the models themselves: the components' input definitions need the names, and importing
 * "conveyor" should not load every model.
 */
export const modelFamilies = [
  "logistic-regression",
  "linear-regression",
  "ridge",
  "knn",
  "decision-tree",
  "random-forest",
  "hist-gradient-boosting",
] as const;
export type ModelFamily = (typeof modelFamilies)[number];
