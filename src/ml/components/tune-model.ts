import { component, Dataset, Metrics, Model, param } from "../../sdk/index.ts";
import { readDataset } from "../dataset-file.ts";
import { typedModelParams } from "../model-call.ts";
import { crossValidationInputs, modelInputs } from "../model-inputs.ts";

/**
 * Hyperparameter search inside one task: every candidate (a grid's combinations, or random
 * draws) is cross-validated on the same folds, the best by `scoring` is refitted on all rows
 * and saved as `model`; `results` holds every candidate's fold scores and rank. For a search
 * spread over tasks, see parameter-candidates, cross-validate-model and select-best.
 */
export const tuneModel = typedModelParams(
  component({
    name: "tune-model",
    version: "1",
    isolation: "thread",
    description: "Grid or random search with k-fold cross-validation; refits the best candidate",
    inputs: {
      data: Dataset,
      ...modelInputs,
      ...crossValidationInputs,
      search: param.enum(["grid", "random"], { default: "grid" }),
      space: param.json({
        description: 'grid: { "maxDepth": [3, 5] }; random: lists or { "uniform" | "logUniform" | "integers": [low, high] }',
      }),
      iterations: param.int({ default: 10, min: 1, description: "candidates a random search draws" }),
    },
    outputs: {
      model: Model,
      results: Metrics,
      bestParams: param.json<Record<string, number | string | boolean>>(),
      bestScore: param.number(),
    },
    run: async (inputs, ctx) => {
      const { seeded } = await import("../models/model-params.ts");
      const { modelSignature } = await import("../model-signature.ts");
      const { candidateParams } = await import("../tuning/search-space.ts");
      const { fitModel } = await import("../fit-model.ts");
      const { searchCandidates } = await import("../tuning/search.ts");
      const { tuningSetup } = await import("../tuning/tuning-setup.ts");
      const { data, search, space, iterations, seed, model, results } = inputs;
      const table = await readDataset(data);
      const setup = tuningSetup(table, inputs);
      // Each candidate gets the seed (when its model takes one), so candidates differ only in what is tuned.
      const candidates = candidateParams(space, search, { iterations, seed }).map((p) => seeded(p, setup.kind.params, seed));
      ctx.log.info(`cross-validating ${candidates.length} candidates of ${setup.kind.name} on ${setup.folds.length} folds`);
      const found = await searchCandidates(
        { data: setup.data, model: setup.kind.name, folds: setup.folds, scoring: setup.scoring },
        candidates,
      );
      for (const [i, result] of found.results.entries()) ctx.metric(setup.scoring, result.meanScore, i);
      const refit = await fitModel(table, {
        target: inputs.target,
        kind: setup.kind,
        params: found.best.params,
        steps: setup.data.preprocessing ?? [],
      });
      await model.writeText(JSON.stringify(refit.toJSON()));
      model.metadata = {
        kind: refit.kind,
        task: refit.task,
        target: inputs.target,
        trainingRows: table.rowCount,
        signature: modelSignature(refit),
        trainingMetrics: { ...refit.info.trainingMetrics },
      };
      await results.writeJson({ kind: setup.kind.name, folds: setup.folds.length, ...found });
      ctx.log.info(`best ${setup.scoring} ${found.best.meanScore} with ${JSON.stringify(found.best.params)}`);
      return { bestParams: { ...found.best.params }, bestScore: found.best.meanScore };
    },
  }),
);
