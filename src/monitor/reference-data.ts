/**
 * The reference a monitor compares windows with: a file or stored Dataset it names, or by
 * default the dataset the model version was trained on, found through lineage (the Dataset
 * inputs of the task that produced the model's artifact). Checked against the model's signature: a reference that
 * lacks an input the model reads, or holds it as another type, is refused naming the column.
 */
import { extname, resolve } from "node:path";
import type { ArtifactStore } from "../artifacts/types.ts";
import { ConveyorError } from "../errors.ts";
import { PARQUET, readCsvFile } from "../ml/dataset-file.ts";
import type { ColumnType, Table } from "../ml/table.ts";
import type { ModelVersionRecord } from "../store/registry-types.ts";
import type { ArtifactRecord, MetadataStore } from "../store/types.ts";
import type { Monitor } from "./definition.ts";

export interface ReferenceData {
  table: Table;
  /** Where it came from, for the report: a path, or `sha256:…` of a Dataset artifact. */
  source: string;
}

/** What the model reads and predicts, from its signature. */
export interface ModelColumns {
  inputs: { name: string; type: ColumnType }[];
  /** The target's name and type in the training data: the reference of the prediction. */
  target: { name: string; type: ColumnType } | null;
  task: "classification" | "regression";
  classes: (string | number)[];
}

export function modelColumns(monitor: Monitor, version: ModelVersionRecord): ModelColumns {
  const signature = version.signature as { inputs?: { columns?: { name: string; type: ColumnType }[] }; outputs?: Record<string, unknown> } | null;
  const inputs = signature?.inputs?.columns;
  if (!Array.isArray(inputs)) {
    throw new ConveyorError(
      `monitor "${monitor.name}": models:/${version.model}/${version.version} records no signature, so its input columns are unknown`,
      "register a model trained by trainModel (which records its signature)",
      "invalid_monitor",
    );
  }
  const outputs = signature?.outputs as { task?: string; prediction?: { name: string; type: ColumnType }; probabilities?: { classes?: (string | number)[] } } | undefined;
  return {
    inputs,
    target: outputs?.prediction ?? null,
    task: outputs?.task === "regression" ? "regression" : "classification",
    classes: outputs?.probabilities?.classes ?? [],
  };
}

export async function loadReference(
  store: MetadataStore,
  artifacts: ArtifactStore,
  root: string,
  monitor: Monitor,
  version: ModelVersionRecord,
): Promise<ReferenceData> {
  const given = monitor.reference;
  if (typeof given === "string") return { table: await readTableFile(resolve(root, given), extname(given) === ".csv" ? "text/csv" : PARQUET), source: given };
  const artifact = given ? await storedDataset(store, monitor, given.digest) : await trainingDataset(store, monitor, version);
  return { table: await readTableFile(await artifacts.open(artifact.uri, artifact.digest), artifact.mediaType), source: artifact.digest };
}

/** Refuses a reference whose columns do not match what the model reads. */
export function checkReferenceSchema(monitor: Monitor, reference: ReferenceData, columns: ModelColumns): void {
  const expected = [...columns.inputs, ...(columns.target ? [columns.target] : [])];
  for (const { name, type } of expected) {
    const found = reference.table.columns.find((c) => c.name === name);
    const problem = !found ? "has no column" : found.type !== type ? `holds ${found.type}s in column` : undefined;
    if (problem) {
      throw new ConveyorError(
        `monitor "${monitor.name}": the reference data (${reference.source}) ${problem} "${name}", where the model ${name === columns.target?.name ? "predicts" : "reads"} ${type}s`,
        `give a reference with the model's columns (${expected.map((c) => `${c.name}: ${c.type}`).join(", ")}), usually its training data`,
        "schema_mismatch",
      );
    }
  }
}

async function trainingDataset(store: MetadataStore, monitor: Monitor, version: ModelVersionRecord): Promise<ArtifactRecord> {
  // The task that produced the model's artifact (not the one that registered it) read the training data.
  const outputs = (await store.artifactLineage(version.artifactId)).filter((e) => e.kind === "output");
  const producer = (outputs.find((e) => e.task.runId === version.runId) ?? outputs[0])?.taskId ?? version.taskId;
  const inputs = producer ? (await store.taskLineage(producer)).filter((e) => e.kind === "input" && e.artifact.type === "Dataset") : [];
  const chosen = inputs.find((e) => e.name === "data") ?? inputs[0];
  if (!chosen) {
    throw new ConveyorError(
      `monitor "${monitor.name}": the lineage of models:/${version.model}/${version.version} names no training dataset`,
      'give the monitor a reference: a file ("data/train.csv") or { digest } of a stored Dataset',
      "invalid_monitor",
    );
  }
  return chosen.artifact;
}

async function storedDataset(store: MetadataStore, monitor: Monitor, digest: string): Promise<ArtifactRecord> {
  const found = (await store.findArtifactsByDigest(digest)).filter((a) => a.type === "Dataset");
  if (found.length === 0) {
    throw new ConveyorError(`monitor "${monitor.name}": no Dataset artifact with digest ${digest}`, "give the digest of a stored Dataset (`conveyor runs show` lists a run's artifacts)", "not_found");
  }
  return found[0]!;
}

async function readTableFile(path: string, mediaType: string): Promise<Table> {
  if (mediaType === "text/csv") return readCsvFile(path);
  if (mediaType === PARQUET) return (await import("../ml/io/parquet.ts")).readParquet(path);
  throw new ConveyorError(`cannot read reference data of media type "${mediaType}"`, "give a CSV or Parquet file", "invalid_data");
}
