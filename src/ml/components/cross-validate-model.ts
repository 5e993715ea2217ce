import { component, Dataset, param } from "../../sdk/index.ts";
import { readDataset } from "../dataset-file.ts";
import { typedModelParams } from "../model-call.ts";
import { crossValidationInputs, modelInputs, modelParamsInput } from "../model-inputs.ts";

/**
 * Cross-validates one parameter set: the body of a search fanned out with `forEach`, one task
 * per candidate, each cached on its own. The folds depend only on the data, folds and seed,
 * so every candidate is scored on the same rows; `params` echoes the candidate so that
 * select-best can pair scores and parameters whichever iterations succeed.
 */
export const crossValidateModel = typedModelParams(
  component({
    name: "cross-validate-model",
    version: "1",
    isolation: "thread",
    description: "k-fold cross-validation score of one model and parameter set",
    inputs: { data: Dataset, ...modelInputs, ...crossValidationInputs, params: modelParamsInput },
    outputs: {
      score: param.number(),
      std: param.number(),
      foldScores: param.list(param.number()),
      params: param.json<Record<string, number | string | boolean>>(),
    },
    run: async (inputs, ctx) => {
      const { readParams, seeded } = await import("../models/model-params.ts");
      const { modelKind } = await import("../models/model-kinds.ts");
      const { prepareFolds, scoreFolds, scorerFor } = await import("../tuning/cross-validate.ts");
      const { foldSummary } = await import("../tuning/fold-summary.ts");
      const { tuningSetup } = await import("../tuning/tuning-setup.ts");
      const table = await readDataset(inputs.data);
      const given = readParams(inputs.params);
      const setup = tuningSetup(table, inputs);
      modelKind(setup.kind.name, given);
      const foldScores = await scoreFolds(
        prepareFolds(setup.data, setup.folds, setup.kind.task),
        setup.kind,
        seeded(given, setup.kind.params, inputs.seed),
        scorerFor(setup.kind, setup.scoring),
      );
      const { meanScore: score, stdScore: std } = foldSummary(foldScores);
      ctx.metric(setup.scoring, score);
      ctx.log.info(`${setup.scoring} ${score} ± ${std} with ${JSON.stringify(given)}`);
      return { score, std, foldScores, params: { ...given } };
    },
  }),
);
