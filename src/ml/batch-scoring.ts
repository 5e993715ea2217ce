/** What batchPredict does: find the model and the input, then score the input batch by batch. */
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { ConveyorError } from "../errors.ts";
import type { InputArtifact, ModelRegistry } from "../sdk/handles.ts";
import type { Json } from "../json.ts";
import { PARQUET } from "./dataset-file.ts";
import { ParquetParts } from "./io/parquet-parts.ts";
import { type FileColumn, forEachBatch, type ReadColumn, type TableFile } from "./io/table-batches.ts";
import { readModel } from "./model-artifact.ts";
import { checkIdColumn, predictionColumns } from "./prediction-columns.ts";
import { type ColumnType, createTable, type Table } from "./table.ts";
import { tableFileFormat } from "./table-file-format.ts";
import type { TrainedModel } from "./trained-model.ts";

export interface ScoringModel {
  model: TrainedModel;
  /** Recorded with the predictions: the registered version (uri) when there is one, and the file's digest. */
  source: { uri?: string; digest: string };
}

/** The model artifact, or the registered version `modelUri` names, read through the task's registry (which records the read in lineage). */
export async function scoringModel(artifact: InputArtifact | undefined, modelUri: string, registry: ModelRegistry): Promise<ScoringModel> {
  if (artifact && modelUri) {
    throw new ConveyorError("batchPredict was given both a model and a modelUri", "give one of them", "invalid_param");
  }
  if (artifact) return { model: await readModel(artifact), source: { digest: artifact.digest } };
  if (!modelUri) {
    throw new ConveyorError("batchPredict was given no model", 'give model (a Model artifact) or modelUri, e.g. "models:/churn@champion"', "invalid_param");
  }
  const version = await registry.resolve(modelUri);
  if (!version) {
    throw new ConveyorError(
      `no registered model version ${modelUri}`,
      "check the name and the version or alias: `conveyor models list` shows them",
      "not_found",
    );
  }
  if (version.model.type !== "Model") {
    throw new ConveyorError(`${version.uri} is a ${version.model.type} artifact, not a Model`, "give a version whose file is a model", "not_a_model");
  }
  return { model: await readModel(version.model), source: { uri: version.uri, digest: version.digest } };
}

export interface ScoringInput {
  file: TableFile;
  /** What errors call it: the path given, or the dataset's digest. */
  label: string;
  /** Recorded with the predictions. */
  source: Record<string, Json>;
}

/** The dataset artifact, or the .csv or .parquet file `path` names. */
export function scoringInput(data: InputArtifact | undefined, path: string): ScoringInput {
  if (data && path) throw new ConveyorError("batchPredict was given both data and a path", "give one of them", "invalid_param");
  if (data) {
    const format = data.mediaType === PARQUET ? "parquet" : data.mediaType === "text/csv" ? "csv" : undefined;
    if (!format) {
      throw new ConveyorError(
        `cannot read a Dataset of media type "${data.mediaType}"`,
        `batchPredict reads Parquet (${PARQUET}) and CSV (text/csv) datasets`,
        "invalid_data",
      );
    }
    return { file: { path: data.path, format }, label: `dataset ${data.digest}`, source: { kind: "dataset", uri: data.uri, digest: data.digest } };
  }
  if (!path) throw new ConveyorError("batchPredict was given no rows to score", "give data (a Dataset) or path (a .csv or .parquet file)", "invalid_param");
  const format = tableFileFormat(path);
  return { file: { path, format }, label: path, source: { kind: format, location: path } };
}

export interface ScoringOptions {
  /** A column copied beside the predictions; "" for none. */
  idColumn: string;
  batchRows: number;
  /** Where the batches' part files go until they are joined. */
  workDir: string;
  /** The Parquet file to write, whole or not at all. */
  outputPath: string;
  /** Checked between batches: a cancelled or timed-out task stops scoring. */
  signal?: AbortSignal;
}

export interface Scored {
  rows: number;
  /** The predictions' columns, for the Dataset's metadata. */
  columns: { name: string; type: ColumnType }[];
}

/**
 * Scores the input batch by batch into a Parquet file: the id column, then the prediction
 * columns (see predictionColumns).
 */
export async function scoreBatches(model: TrainedModel, input: ScoringInput, options: ScoringOptions): Promise<Scored> {
  if (options.idColumn) checkIdColumn(model, options.idColumn);
  const parts = new ParquetParts(join(options.workDir, "prediction-parts"));
  let chosen: readonly ReadColumn[] = [];
  const choose = (columns: readonly FileColumn[]) => {
    chosen = readColumns(model, columns, options.idColumn, input.label);
    return chosen;
  };
  const scoreBatch = async (batch: Table) => {
    options.signal?.throwIfAborted();
    await parts.append(await predictionTable(model, batch, options.idColumn));
  };
  const rows = await forEachBatch(input.file, choose, options.batchRows, scoreBatch);
  // An input without rows still gives a file with the predictions' columns.
  if (rows === 0) await scoreBatch(emptyTable(chosen));
  await mkdir(dirname(options.outputPath), { recursive: true });
  await parts.finish(options.outputPath);
  const columns = (await predictionTable(model, emptyTable(chosen), options.idColumn)).columns;
  return { rows, columns: columns.map((c) => ({ name: c.name, type: c.type })) };
}

/**
 * The columns to read: the id column (as the file gives it, text for a CSV file, whose values
 * have no type: 007 stays 007) and those the model reads. A column the file lacks is refused.
 */
function readColumns(model: TrainedModel, columns: readonly FileColumn[], idColumn: string, label: string): ReadColumn[] {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const present = (name: string, what: string) => {
    const column = byName.get(name);
    if (column) return column;
    throw new ConveyorError(
      `${label} has no column "${name}", ${what}`,
      `its columns are: ${columns.map((c) => `"${c.name}"`).join(", ")}`,
      "schema_mismatch",
    );
  };
  const modelType = (name: string) => model.inputSchema.columns.find((c) => c.name === name)?.type;
  const id = idColumn ? [{ name: idColumn, type: present(idColumn, "the id column").type ?? modelType(idColumn) ?? "string" }] : [];
  const features = model.inputSchema.columns.map((c) => {
    const type = present(c.name, "which the model reads").type ?? c.type;
    // Refused here rather than by the model, whose message would count rows from the batch's start.
    if (type !== c.type) {
      throw new ConveyorError(
        `column "${c.name}" of ${label} holds ${type === "string" ? "text" : "numbers"}, but the model was trained on ${c.type === "string" ? "text" : "numbers"} in it`,
        `give "${c.name}" as ${c.type === "string" ? "text" : "numbers"}, as in training`,
        "schema_mismatch",
      );
    }
    return { name: c.name, type };
  });
  return [...id, ...features.filter((c) => c.name !== idColumn)];
}

/** The id column, then the model's predictions for the batch. */
async function predictionTable(model: TrainedModel, batch: Table, idColumn: string): Promise<Table> {
  const id = idColumn ? batch.columns.filter((c) => c.name === idColumn) : [];
  return createTable([...id, ...(await predictionColumns(model, batch))]);
}

function emptyTable(columns: readonly ReadColumn[]): Table {
  return createTable(columns.map((c) => (c.type === "number" ? { name: c.name, type: "number", values: new Float64Array(0) } : { name: c.name, type: "string", values: [] })));
}
