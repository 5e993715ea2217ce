import { ConveyorError } from "../../errors.ts";
import { component, Dataset, Model, param } from "../../sdk/index.ts";
import { readDataset } from "../dataset-file.ts";
import { featureMatrix } from "../feature-matrix.ts";
import { accuracy } from "../metrics/classification.ts";
import { ClassifierModel } from "../model-file-v1.ts";
import { LogisticRegression } from "../models/logistic-regression.ts";
import { binaryTarget } from "../target-column.ts";
import { StandardScaler } from "../transforms/standard-scaler.ts";

/**
 * Fits a StandardScaler and an L2 logistic regression on every column but the target, and
 * saves both as one model file (see src/ml/model-file-v1.ts).
 */
export const trainLogisticRegression = component({
  name: "train-logistic-regression",
  version: "1",
  description: "Train a binary classifier: standardized features, L2 logistic regression",
  inputs: {
    data: Dataset,
    target: param.string({ description: "the label column, holding 0 and 1" }),
    C: param.number({ default: 1, description: "inverse regularisation strength, as scikit-learn's C" }),
  },
  outputs: { model: Model },
  run: async ({ data, target, C, model }, ctx) => {
    const table = await readDataset(data);
    const y = binaryTarget(table, target);
    if (!y.includes(0) || !y.includes(1)) {
      throw new ConveyorError(
        `target column "${target}" has ${y.length === 0 ? "no rows" : `only class ${y[0]}`}`,
        "training needs rows of both classes (0 and 1)",
        "invalid_data",
      );
    }
    const features = table.columns.map((c) => c.name).filter((name) => name !== target);
    if (features.length === 0) {
      throw new ConveyorError(`the data has no columns besides the target "${target}"`, "add feature columns", "invalid_data");
    }
    const x = featureMatrix(table, features);
    const scaler = StandardScaler.fit(x);
    const scaled = scaler.transform(x);
    const fitted = LogisticRegression.fit(scaled, y, { C });
    await model.writeJson(new ClassifierModel(target, features, scaler, fitted, table.rowCount).toJSON());
    const trainAccuracy = accuracy(y, fitted.predict(scaled));
    ctx.metric("trainAccuracy", trainAccuracy);
    ctx.log.info(`trained on ${table.rowCount} rows and ${features.length} features`);
  },
});
