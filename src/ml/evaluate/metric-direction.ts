import { ConveyorError } from "../../errors.ts";

/** Evaluation's error and loss metrics: the smaller, the better. Every other metric is a score. */
const lowerIsBetter: ReadonlySet<string> = new Set(["logLoss", "rmse", "mae", "mse", "mape"]);

/** Every metric name evaluation reports, for checking a name a user gives. */
const metricNames: readonly string[] = [
  "accuracy",
  "balancedAccuracy",
  "precision",
  "recall",
  "f1",
  "precisionMacro",
  "recallMacro",
  "f1Macro",
  "precisionWeighted",
  "recallWeighted",
  "f1Weighted",
  "rocAuc",
  "logLoss",
  "rmse",
  "mae",
  "mse",
  "r2",
  "mape",
];

/** +1 when a larger value of the metric is better, -1 when a smaller one is. */
export function metricDirection(name: string): 1 | -1 {
  if (!metricNames.includes(name)) {
    throw new ConveyorError(
      `unknown metric ${JSON.stringify(name)}`,
      `use one of ${metricNames.map((m) => `"${m}"`).join(", ")}`,
      "invalid_param",
    );
  }
  return lowerIsBetter.has(name) ? -1 : 1;
}
