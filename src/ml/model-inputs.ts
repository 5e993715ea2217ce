import { param } from "../sdk/params.ts";
import { modelFamilies } from "./models/model-family-names.ts";

/** The inputs of every component that fits models (train, tune, cross-validate), described once. */
export const modelInputs = {
  target: param.string({ description: "the column to predict" }),
  kind: param.enum(modelFamilies, { description: "the model" }),
  task: param.enum(["auto", "classification", "regression"], {
    default: "auto",
    description: "auto: the model's only task, or classification for a text target",
  }),
  preprocessing: param.json({
    default: "auto",
    description: 'a list of preprocessing steps (select, impute, scale, one-hot, ordinal), or "auto": impute and standardize numbers, impute and one-hot encode text',
  }),
  features: param.list(param.string(), { default: [], description: "the feature columns; empty: every column but the target" }),
  seed: param.int({ default: 0, min: 0, description: "seeds every random choice (folds, bootstrap samples, splits)" }),
};

/** Model parameters, e.g. { "nEstimators": 200 }: the tuning components' outputs have this type too. */
export const modelParamsInput = param.json<Record<string, number | string | boolean>>({
  default: {},
  description: 'the model\'s parameters, e.g. { "nEstimators": 200, "maxDepth": 8 }',
});

/** The cross-validation inputs of the tuning components. */
export const crossValidationInputs = {
  folds: param.int({ default: 5, min: 2, description: "folds of (stratified, for classification) k-fold cross-validation" }),
  scoring: param.string({
    default: "",
    description: 'a scikit-learn scoring name, greater is better (e.g. "roc_auc", "neg_log_loss"); empty: accuracy or r2',
  }),
};
