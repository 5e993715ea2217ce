import { PARQUET } from "../dataset-file.ts";
import { component, Dataset, describe, Model, optional, param } from "../../sdk/index.ts";

/**
 * Scores a file or a dataset with a model, in batches streamed through DuckDB, so memory holds
 * one batch whatever the input's size. The model is a Model artifact or a registered version
 * (`models:/churn@champion`), which the task reads from the registry, so the run's lineage
 * leads from the input's digest through the model version to the predictions. Not cached: an
 * alias may point at another version by the next run.
 */
export const batchPredict = component({
  name: "batch-predict",
  version: "1",
  isolation: "thread",
  description: "Score a CSV or Parquet file (or a dataset) with a model or a registered version, in bounded memory",
  cache: false,
  inputs: {
    model: optional(describe(Model, "the model to score with; or give modelUri")),
    modelUri: param.string({ default: "", description: 'a registered version to score with instead of model, e.g. "models:/churn@champion" or "models:/churn/3"' }),
    data: optional(describe(Dataset, "the rows to score; or give path")),
    path: param.file({ default: "", description: "a .csv or .parquet file to score instead of data; a relative path is taken from the project root" }),
    idColumn: param.string({ default: "", description: "a column of the input copied beside each row's prediction, e.g. a customer id; empty: none" }),
    batchRows: param.int({ default: 65_536, min: 1, description: "the rows scored at once: what memory holds of the input" }),
  },
  outputs: {
    predictions: describe(Dataset, 'Parquet: the id column (when given), "prediction", and for a classifier "probability_<class>" per class'),
    rows: param.int(),
    /** models:/name/version of the registered version that scored, or "" for a Model artifact. */
    modelVersion: param.string(),
  },
  run: async ({ model, modelUri, data, path, idColumn, batchRows, predictions }, ctx) => {
    const { scoringModel, scoringInput, scoreBatches } = await import("../batch-scoring.ts");
    const scorer = await scoringModel(model, modelUri, ctx.registry);
    const input = scoringInput(data, path);
    const { rows, columns } = await scoreBatches(scorer.model, input, { idColumn, batchRows, workDir: ctx.workDir, outputPath: predictions.path, signal: ctx.signal });
    predictions.mediaType = PARQUET;
    predictions.metadata = { format: "parquet", rows, columns, model: scorer.source, input: input.source };
    ctx.log.info(`scored ${rows} rows of ${input.label} with ${scorer.source.uri ?? scorer.source.digest}`);
    return { rows, modelVersion: scorer.source.uri ?? "" };
  },
});
