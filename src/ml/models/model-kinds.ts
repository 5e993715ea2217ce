import { ConveyorError } from "../../errors.ts";
import type { Matrix } from "../matrix.ts";
import type { LabelValues } from "../transforms/class-labels.ts";
import type { Classifier, Regressor } from "./estimator.ts";
import { KNeighborsClassifier, KNeighborsRegressor } from "./knn.ts";
import { LinearRegression } from "./linear/linear-regression.ts";
import { LogisticClassifier } from "./linear/logistic-classifier.ts";
import { RidgeRegression } from "./linear/ridge-regression.ts";
import { paramNames } from "./model-param-defs.ts";
import { booleanOrChoiceParam, numberOrChoiceParam, numberParam, type Params } from "./model-params.ts";
import { DecisionTreeClassifier } from "./tree/decision-tree-classifier.ts";
import { DecisionTreeRegressor } from "./tree/decision-tree-regressor.ts";
import { HistGradientBoostingClassifier } from "./tree/hist-gradient-boosting-classifier.ts";
import { HistGradientBoostingRegressor } from "./tree/hist-gradient-boosting-regressor.ts";
import { RandomForestClassifier } from "./tree/random-forest-classifier.ts";
import { RandomForestRegressor } from "./tree/random-forest-regressor.ts";

export type ModelTask = "classification" | "regression";

/**
 * A model that components and tuning fit, and saved models load, by name. The name is the
 * estimator's `kind`, so a saved model names what loads it. `fit` may be asynchronous (a
 * forest grows its trees on worker threads).
 */
export type ModelKind =
  | {
      readonly name: string;
      readonly task: "classification";
      readonly params: readonly string[];
      fit(x: Matrix, y: LabelValues, params: Params): Classifier | Promise<Classifier>;
      load(json: unknown): Classifier;
    }
  | {
      readonly name: string;
      readonly task: "regression";
      readonly params: readonly string[];
      fit(x: Matrix, y: Float64Array, params: Params): Regressor | Promise<Regressor>;
      load(json: unknown): Regressor;
    };

const treeOptions = (p: Params) => ({
  maxDepth: numberParam(p, "maxDepth"),
  minSamplesLeaf: numberParam(p, "minSamplesLeaf"),
  maxFeatures: numberOrChoiceParam(p, "maxFeatures", ["sqrt", "log2"]),
  maxBins: numberParam(p, "maxBins"),
  seed: numberParam(p, "seed"),
});
const forestOptions = (p: Params) => ({
  ...treeOptions(p),
  nEstimators: numberParam(p, "nEstimators"),
  threads: numberParam(p, "threads"),
});
const boostingOptions = (p: Params) => ({
  learningRate: numberParam(p, "learningRate"),
  maxIter: numberParam(p, "maxIter"),
  maxLeafNodes: numberParam(p, "maxLeafNodes"),
  minSamplesLeaf: numberParam(p, "minSamplesLeaf"),
  l2Regularization: numberParam(p, "l2Regularization"),
  maxBins: numberParam(p, "maxBins"),
  earlyStopping: booleanOrChoiceParam(p, "earlyStopping", ["auto"]),
  validationFraction: numberParam(p, "validationFraction"),
  nIterNoChange: numberParam(p, "nIterNoChange"),
  tol: numberParam(p, "tol"),
  seed: numberParam(p, "seed"),
});

const modelKinds: readonly ModelKind[] = [
  {
    name: "logistic-regression",
    task: "classification",
    params: paramNames("logistic-regression"),
    fit: (x, y, p) =>
      LogisticClassifier.fit(x, y, { C: numberParam(p, "C"), maxIterations: numberParam(p, "maxIterations") }),
    load: (json) => LogisticClassifier.fromJSON(json),
  },
  {
    name: "knn-classifier",
    task: "classification",
    params: paramNames("knn"),
    fit: (x, y, p) => KNeighborsClassifier.fit(x, y, { k: numberParam(p, "k") }),
    load: (json) => KNeighborsClassifier.fromJSON(json),
  },
  {
    name: "decision-tree-classifier",
    task: "classification",
    params: paramNames("decision-tree"),
    fit: (x, y, p) => DecisionTreeClassifier.fit(x, y, treeOptions(p)),
    load: (json) => DecisionTreeClassifier.fromJSON(json),
  },
  {
    name: "random-forest-classifier",
    task: "classification",
    params: paramNames("random-forest"),
    fit: (x, y, p) => RandomForestClassifier.fit(x, y, forestOptions(p)),
    load: (json) => RandomForestClassifier.fromJSON(json),
  },
  {
    name: "hist-gradient-boosting-classifier",
    task: "classification",
    params: paramNames("hist-gradient-boosting"),
    fit: (x, y, p) => HistGradientBoostingClassifier.fit(x, y, boostingOptions(p)),
    load: (json) => HistGradientBoostingClassifier.fromJSON(json),
  },
  {
    name: "linear-regression",
    task: "regression",
    params: paramNames("linear-regression"),
    fit: (x, y) => LinearRegression.fit(x, y),
    load: (json) => LinearRegression.fromJSON(json),
  },
  {
    name: "ridge-regression",
    task: "regression",
    params: paramNames("ridge"),
    fit: (x, y, p) => RidgeRegression.fit(x, y, { alpha: numberParam(p, "alpha") }),
    load: (json) => RidgeRegression.fromJSON(json),
  },
  {
    name: "knn-regressor",
    task: "regression",
    params: paramNames("knn"),
    fit: (x, y, p) => KNeighborsRegressor.fit(x, y, { k: numberParam(p, "k") }),
    load: (json) => KNeighborsRegressor.fromJSON(json),
  },
  {
    name: "decision-tree-regressor",
    task: "regression",
    params: paramNames("decision-tree"),
    fit: (x, y, p) => DecisionTreeRegressor.fit(x, y, treeOptions(p)),
    load: (json) => DecisionTreeRegressor.fromJSON(json),
  },
  {
    name: "random-forest-regressor",
    task: "regression",
    params: paramNames("random-forest"),
    fit: (x, y, p) => RandomForestRegressor.fit(x, y, forestOptions(p)),
    load: (json) => RandomForestRegressor.fromJSON(json),
  },
  {
    name: "hist-gradient-boosting-regressor",
    task: "regression",
    params: paramNames("hist-gradient-boosting"),
    fit: (x, y, p) => HistGradientBoostingRegressor.fit(x, y, boostingOptions(p)),
    load: (json) => HistGradientBoostingRegressor.fromJSON(json),
  },
];

/** The names modelKind accepts. */
export const modelKindNames: readonly string[] = modelKinds.map((k) => k.name);

/** The model kind of this name; an unknown name, or a parameter it does not take, is a user error. */
export function modelKind(name: string, params: Params = {}): ModelKind {
  const kind = modelKinds.find((k) => k.name === name);
  if (!kind) {
    throw new ConveyorError(
      `unknown model ${JSON.stringify(name)}`,
      `use one of ${modelKindNames.map((k) => `"${k}"`).join(", ")}`,
      "invalid_param",
    );
  }
  const unknown = Object.keys(params).find((key) => !kind.params.includes(key));
  if (unknown !== undefined) {
    throw new ConveyorError(
      `model "${name}" has no parameter "${unknown}"`,
      kind.params.length > 0 ? `its parameters are ${kind.params.map((p) => `"${p}"`).join(", ")}` : "it takes no parameters",
      "invalid_param",
    );
  }
  return kind;
}
