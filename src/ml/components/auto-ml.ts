import { component, Dataset, Metrics, Model, param } from "../../sdk/index.ts";
import { readDataset } from "../dataset-file.ts";
import { crossValidationInputs } from "../model-inputs.ts";
import { modelSignature } from "../model-signature.ts";

/**
 * Chooses features, model kind and parameters by itself (src/ml/automl/run-automl.ts): drops
 * constant, duplicate, identifier and leaking columns, races every model family's candidates
 * by successive halving on the worker pool within the budget, and saves the best refitted on
 * all rows as `model`, like train-model's, so the usual gate and registration follow it.
 * `leaderboard` lists every candidate tried; `features` the columns kept (ranked) and dropped
 * (with the reason). With a trial budget and no time limit, the same data and seed give the
 * same leaderboard and the same model, byte for byte.
 */
export const autoML = component({
  name: "auto-ml",
  version: "1",
  isolation: "thread",
  description: "AutoML: feature selection, model choice and tuning by successive halving, within a budget",
  inputs: {
    data: Dataset,
    target: param.string({ description: "the column to predict" }),
    task: param.enum(["classification", "regression"], { description: "what the model does" }),
    trials: param.int({ default: 0, min: 0, description: "candidates to try, at most; 0: as many as `seconds` allows" }),
    seconds: param.number({ default: 0, min: 0, description: "time to search, at most (the refit follows); 0: no limit, then `trials` must be given" }),
    threads: param.int({ default: 0, min: 0, description: "threads scoring candidates at once; 0: every core" }),
    ...crossValidationInputs,
    seed: param.int({ default: 0, min: 0, description: "seeds every random choice (candidates, samples, folds, models)" }),
  },
  outputs: {
    model: Model,
    leaderboard: Metrics,
    features: Metrics,
    bestKind: param.string(),
    bestParams: param.json<Record<string, number | string | boolean>>(),
    bestScore: param.number(),
  },
  run: async (inputs, ctx) => {
    const { runAutoML } = await import("../automl/run-automl.ts");
    const { data, target, task, model, leaderboard, features } = inputs;
    const table = await readDataset(data);
    const found = await runAutoML(table, { ...inputs, log: (line) => ctx.log.info(line) });
    const refit = found.model;
    await model.writeText(JSON.stringify(refit.toJSON()));
    model.metadata = {
      kind: refit.kind,
      task: refit.task,
      target,
      inputColumns: refit.inputSchema.columns.length,
      trainingRows: table.rowCount,
      signature: modelSignature(refit),
      trainingMetrics: { ...refit.info.trainingMetrics },
    };
    await leaderboard.writeJson({ scoring: found.scoring, task, candidates: found.leaderboard });
    await features.writeJson(found.features);
    for (const entry of found.leaderboard) if (entry.score !== null) ctx.metric(`cv.${found.scoring}`, entry.score, entry.id);
    return { bestKind: found.best.kind, bestParams: { ...found.best.params }, bestScore: found.best.score! };
  },
});
