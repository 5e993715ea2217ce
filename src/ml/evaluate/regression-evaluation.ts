import {
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  r2,
  rootMeanSquaredError,
} from "../metrics/regression.ts";

export interface RegressionEvaluation {
  readonly task: "regression";
  readonly rows: number;
  readonly scores: Record<string, number>;
}

/** RMSE, MAE, MSE, R² and MAPE (a fraction, not a percentage), with scikit-learn's definitions. */
export function evaluateRegression(yTrue: Float64Array, yPred: Float64Array): RegressionEvaluation {
  return {
    task: "regression",
    rows: yTrue.length,
    scores: {
      rmse: rootMeanSquaredError(yTrue, yPred),
      mae: meanAbsoluteError(yTrue, yPred),
      mse: meanSquaredError(yTrue, yPred),
      r2: r2(yTrue, yPred),
      mape: meanAbsolutePercentageError(yTrue, yPred),
    },
  };
}
