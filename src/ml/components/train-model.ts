import { component, Dataset, Model } from "../../sdk/index.ts";
import { readDataset } from "../dataset-file.ts";
import { typedModelParams } from "../model-call.ts";
import { modelInputs, modelParamsInput } from "../model-inputs.ts";

/**
 * Trains any built-in model on a dataset: preprocessing fitted on these rows (by default:
 * impute and standardize numbers, impute and one-hot encode text), then the model, saved
 * together as one model file (src/ml/model-file.ts). The same data, inputs and seed train
 * the same model, byte for byte.
 */
export const trainModel = typedModelParams(
  component({
    name: "train-model",
    version: "1",
    isolation: "thread",
    description: "Train a classifier or regressor (linear, logistic, kNN, tree, forest, boosting) with its preprocessing",
    inputs: { data: Dataset, ...modelInputs, params: modelParamsInput },
    outputs: { model: Model },
    run: async ({ data, target, kind, task, params, preprocessing, features, seed, model }, ctx) => {
      const { modelSignature } = await import("../model-signature.ts");
      const { readParams, seeded } = await import("../models/model-params.ts");
      const { targetColumn } = await import("../target-column.ts");
      const { trainingSteps } = await import("../training-steps.ts");
      const { fitModel } = await import("../fit-model.ts");
      const { familyKind } = await import("../models/model-families.ts");
      const table = await readDataset(data);
      const given = readParams(params);
      const modelKind = familyKind(kind, task, targetColumn(table, target), given);
      const trained = await fitModel(table, {
        target,
        kind: modelKind,
        params: seeded(given, modelKind.params, seed),
        steps: trainingSteps(table, target, features, preprocessing),
      });
      // Compact: a forest or a kNN model is large, and indentation would double it.
      await model.writeText(JSON.stringify(trained.toJSON()));
      model.metadata = {
        kind: trained.kind,
        task: trained.task,
        target,
        inputColumns: trained.inputSchema.columns.length,
        trainingRows: table.rowCount,
        // Registration copies these two into the model version (src/registry/artifact-facts.ts).
        signature: modelSignature(trained),
        trainingMetrics: { ...trained.info.trainingMetrics },
      };
      for (const [name, value] of Object.entries(trained.info.trainingMetrics)) ctx.metric(`train.${name}`, value);
      ctx.log.info(`trained a ${trained.kind} on ${table.rowCount} rows and ${trained.inputSchema.columns.length} columns`);
    },
  }),
);
