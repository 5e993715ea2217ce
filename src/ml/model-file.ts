/**
 * The saved form of a trained model: what trainModel and tuneModel write, evaluateModel and
 * gateModel read, and serving will load. Format "conveyor.model", version 2, plain JSON:
 *
 *   {
 *     "format": "conveyor.model", "version": 2,
 *     "kind": "random-forest-classifier",       // the estimator, by models/model-kinds.ts name
 *     "task": "classification",                  // or "regression"
 *     "target": "species",                       // the column the model predicts
 *     "classes": ["setosa", "versicolor", …],    // classification only: labels, in probability-column order
 *     "inputSchema": { "columns": [{ "name": "sepal length", "type": "number" }, …] },
 *     "preprocessor": { … },                     // Preprocessor.toJSON(): select, impute, scale, encode
 *     "model": { … },                            // the estimator's own versioned toJSON()
 *     "trainingMetrics": { "accuracy": 1, … },   // scores on the training rows
 *     "library": { "name": "conveyor", "version": "0.1.0" }
 *   }
 *
 * A model trained elsewhere and imported from ONNX (importOnnxModel) has kind "onnx", no
 * preprocessor and no model, empty trainingMetrics, and instead the graph itself:
 *
 *   {
 *     "format": "conveyor.model", "version": 2, "kind": "onnx",
 *     "task": "classification", "target": "label", "classes": [0, 1],
 *     "inputSchema": { "columns": [{ "name": "x1", "type": "number" }, …] },  // the features, in input order
 *     "onnx": {
 *       "output": "probability",                 // the graph output read: probabilities, or predictions
 *       "bytes": "CAcSDWNvbnZleW9yLXRlc3Qa…"     // the .onnx file, base64
 *     },
 *     "trainingMetrics": {}, "library": { … }
 *   }
 *
 * Its features go to the graph's single input as one float32 matrix, in inputSchema order. A
 * classifier's output has a probability column per class, in "classes" order, or, with two
 * classes, one column: the second class's probability (a sigmoid's output).
 *
 * Scoring a table checks it against inputSchema (every column present, with its type; other
 * columns ignored), applies the preprocessor, then the estimator (or the ONNX graph). Version 1
 * files (a scaled binary logistic regression, see model-file-v1.ts) load too, upgraded to this
 * form. Any other format, version or kind is refused rather than guessed at.
 */
import { ConveyorError } from "../errors.ts";
import { readEnvelope } from "./json-format.ts";
import { modelKind, modelKindNames, type ModelTask } from "./models/model-kinds.ts";
import { upgradeV1 } from "./model-file-upgrade.ts";
import { loadOnnxModel } from "./onnx/onnx-trained.ts";
import { TrainedClassifier, type TrainedModel, TrainedRegressor } from "./trained-model.ts";
import type { InputSchema } from "./input-schema.ts";
import { type ClassLabel, isClassList } from "./transforms/class-labels.ts";
import { Preprocessor, type PreprocessorJSON } from "./transforms/preprocessor.ts";

export interface ModelFileJSON {
  readonly format: "conveyor.model";
  readonly version: 2;
  readonly kind: string;
  readonly task: ModelTask;
  readonly target: string;
  readonly classes?: ClassLabel[];
  readonly inputSchema: InputSchema;
  readonly preprocessor: PreprocessorJSON;
  readonly model: Record<string, unknown>;
  readonly trainingMetrics: Record<string, number>;
  readonly library: { readonly name: "conveyor"; readonly version: string };
}

/**
 * Loads a saved model (version 2, or version 1 upgraded) as a predictor of tables. Async
 * because an ONNX model's graph is loaded, and checked, by onnxruntime.
 */
export async function loadModel(json: unknown): Promise<TrainedModel> {
  const isV1 = typeof json === "object" && json !== null && (json as { version?: unknown }).version === 1;
  const record = readEnvelope(isV1 ? upgradeV1(json) : json, { format: "conveyor.model", version: 2 });
  if (record.kind === "onnx") return loadOnnxFile(record);
  const { kind, task, target, classes, inputSchema, trainingMetrics, library } = record;
  if (typeof kind !== "string" || !modelKindNames.includes(kind)) {
    throw corrupt(`"kind" ${JSON.stringify(kind)} is not a model this Conveyor knows (${modelKindNames.join(", ")})`);
  }
  const found = modelKind(kind);
  if (task !== found.task) throw corrupt(`"task" is ${JSON.stringify(task)}, but a ${kind} does ${found.task}`);
  if (typeof target !== "string") throw corrupt(`"target" must be a column name`);
  if (!isMetrics(trainingMetrics)) throw corrupt(`"trainingMetrics" must map names to numbers`);
  if (typeof library !== "object" || library === null || typeof (library as { version?: unknown }).version !== "string") {
    throw corrupt(`"library" must give the Conveyor version that saved the model`);
  }
  const preprocessor = Preprocessor.fromJSON(record.preprocessor);
  if (!sameColumns(inputSchema, preprocessor.input)) throw corrupt(`"inputSchema" differs from the columns the preprocessor reads`);
  const info = { target, preprocessor, trainingMetrics, libraryVersion: (library as { version: string }).version };
  if (found.task === "regression") return new TrainedRegressor(info, checkWidth(found.load(record.model), preprocessor));
  const estimator = checkWidth(found.load(record.model), preprocessor);
  if (!isClassList(classes) || JSON.stringify(classes) !== JSON.stringify(estimator.classes)) {
    throw corrupt(`"classes" must list the labels the ${kind} predicts`);
  }
  return new TrainedClassifier(info, estimator);
}

async function loadOnnxFile(record: Record<string, unknown>): Promise<TrainedModel> {
  const { task, target, classes, inputSchema, onnx } = record;
  if (task !== "classification" && task !== "regression") throw corrupt(`"task" must be "classification" or "regression"`);
  if (typeof target !== "string") throw corrupt(`"target" must be a column name`);
  const columns = (inputSchema as { columns?: unknown } | null)?.columns;
  if (!Array.isArray(columns) || !columns.every((c) => typeof c?.name === "string" && c?.type === "number")) {
    throw corrupt(`"inputSchema" of an ONNX model must list its number feature columns`);
  }
  if (task === "classification" ? !isClassList(classes) : classes !== undefined) {
    throw corrupt(task === "classification" ? `"classes" must list the labels the model predicts` : `a regressor has no "classes"`);
  }
  const { output, bytes } = (onnx ?? {}) as { output?: unknown; bytes?: unknown };
  if (typeof output !== "string" || typeof bytes !== "string") throw corrupt(`"onnx" must give the output name and the model's bytes (base64)`);
  return loadOnnxModel(Buffer.from(bytes, "base64"), {
    task,
    target,
    features: columns.map((c: { name: string }) => c.name),
    classes: (classes as ClassLabel[] | undefined) ?? [],
    output,
    source: "the ONNX model in the model file",
  });
}

function sameColumns(schema: unknown, input: Preprocessor["input"]): boolean {
  const columns = (schema as { columns?: unknown } | null)?.columns;
  return (
    Array.isArray(columns) &&
    columns.length === input.length &&
    columns.every((c, i) => c?.name === input[i]!.name && c?.type === input[i]!.type)
  );
}

function checkWidth<E extends { featureCount: number }>(estimator: E, preprocessor: Preprocessor): E {
  if (estimator.featureCount !== preprocessor.featureNames.length) {
    throw corrupt(
      `the preprocessor makes ${preprocessor.featureNames.length} features, the model reads ${estimator.featureCount}`,
    );
  }
  return estimator;
}

function isMetrics(value: unknown): value is Record<string, number> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === "number" && Number.isFinite(v))
  );
}

function corrupt(problem: string): ConveyorError {
  return new ConveyorError(
    `cannot load model: ${problem}`,
    "re-train, or load it with the Conveyor version that saved it",
    "corrupt_artifact",
  );
}
