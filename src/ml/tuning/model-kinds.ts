import { ConveyorError } from "../../errors.ts";
import type { Matrix } from "../matrix.ts";
import type { Classifier, Regressor } from "../models/estimator.ts";
import { KNeighborsClassifier, KNeighborsRegressor } from "../models/knn.ts";
import { LinearRegression } from "../models/linear/linear-regression.ts";
import { LogisticClassifier } from "../models/linear/logistic-classifier.ts";
import { RidgeRegression } from "../models/linear/ridge-regression.ts";
import type { LabelValues } from "../transforms/class-labels.ts";

export type ParamValue = number | string | boolean;
export type Params = Readonly<Record<string, ParamValue>>;

/** A model that tuning can fit by name, with the parameters it accepts. */
export type ModelKind =
  | {
      readonly task: "classification";
      readonly params: readonly string[];
      fit(x: Matrix, y: LabelValues, params: Params): Classifier;
    }
  | {
      readonly task: "regression";
      readonly params: readonly string[];
      fit(x: Matrix, y: Float64Array, params: Params): Regressor;
    };

const modelKinds: Readonly<Record<string, ModelKind>> = {
  "logistic-regression": {
    task: "classification",
    params: ["C", "maxIterations"],
    fit: (x, y, p) =>
      LogisticClassifier.fit(x, y, { C: numberParam(p, "C"), maxIterations: numberParam(p, "maxIterations") }),
  },
  "knn-classifier": {
    task: "classification",
    params: ["k"],
    fit: (x, y, p) => KNeighborsClassifier.fit(x, y, { k: numberParam(p, "k") }),
  },
  "linear-regression": { task: "regression", params: [], fit: (x, y) => LinearRegression.fit(x, y) },
  "ridge-regression": {
    task: "regression",
    params: ["alpha"],
    fit: (x, y, p) => RidgeRegression.fit(x, y, { alpha: numberParam(p, "alpha") }),
  },
  "knn-regressor": {
    task: "regression",
    params: ["k"],
    fit: (x, y, p) => KNeighborsRegressor.fit(x, y, { k: numberParam(p, "k") }),
  },
};

/** The model kind of this name; an unknown name, or a parameter it does not take, is a user error. */
export function modelKind(name: string, params: Params = {}): ModelKind {
  const kind = Object.hasOwn(modelKinds, name) ? modelKinds[name] : undefined;
  if (!kind) {
    throw new ConveyorError(
      `unknown model ${JSON.stringify(name)}`,
      `use one of ${Object.keys(modelKinds).map((k) => `"${k}"`).join(", ")}`,
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

function numberParam(params: Params, key: string): number | undefined {
  const value = params[key];
  if (value === undefined || typeof value === "number") return value;
  throw new ConveyorError(
    `parameter "${key}" is ${JSON.stringify(value)}`,
    `give "${key}" as a number`,
    "invalid_param",
  );
}
