/**
 * A model trained elsewhere, imported from ONNX, scoring tables like a model trained here:
 * its features are number columns read in a fixed order, and one graph output is read as
 * class probabilities (classification) or predictions (regression). onnxruntime runs
 * asynchronously, which is why every model's predictions are promises.
 */
import { ConveyorError } from "../../errors.ts";
import { featureMatrix } from "../feature-matrix.ts";
import { checkInputSchema, type InputSchema } from "../input-schema.ts";
import { libraryVersion } from "../library-version.ts";
import { createMatrix, type Matrix } from "../matrix.ts";
import type { ModelTask } from "../models/model-kinds.ts";
import type { Table } from "../table.ts";
import type { ClassLabel } from "../transforms/class-labels.ts";
import { OnnxModel } from "./onnx-model.ts";

export interface OnnxSpec {
  readonly task: ModelTask;
  /** The column the model predicts, which evaluation reads the true values from. */
  readonly target: string;
  /** The table columns fed to the graph's input, in its column order. */
  readonly features: readonly string[];
  /** Classification: the labels, in probability-column order; empty: 0 … k-1. */
  readonly classes: readonly ClassLabel[];
  /** The output read; empty: the graph's only output. */
  readonly output: string;
  /** Where the model came from, to name it in errors. */
  readonly source: string;
}

/** The model file's ONNX fields; the rest of the file is as for every model (see model-file.ts). */
export interface OnnxModelFileJSON {
  readonly format: "conveyor.model";
  readonly version: 2;
  readonly kind: "onnx";
  readonly task: ModelTask;
  readonly target: string;
  readonly classes?: ClassLabel[];
  readonly inputSchema: InputSchema;
  readonly onnx: { readonly output: string; readonly bytes: string };
  readonly trainingMetrics: Record<string, number>;
  readonly library: { readonly name: "conveyor"; readonly version: string };
}

/**
 * Loads the graph and checks it against the spec: it must take features.length inputs per row
 * and give one row of the expected width per input row, which a trial run on a zero row
 * shows whether or not the file declares its shapes.
 */
export async function loadOnnxModel(bytes: Uint8Array, spec: OnnxSpec): Promise<OnnxClassifier | OnnxRegressor> {
  const graph = await OnnxModel.load(bytes, spec.source);
  const output = spec.output || onlyOutput(graph, spec.source);
  if (!graph.outputNames.includes(output)) {
    throw invalid(`${spec.source} has no output "${output}" (it has ${quoted(graph.outputNames)})`, "give one of its outputs as outputName");
  }
  const width = graph.inputWidth;
  if (width !== undefined && width !== spec.features.length) {
    throw invalid(
      `${spec.source} reads ${width} features per row, but ${spec.features.length} feature columns were given (${quoted(spec.features)})`,
      "list exactly the model's input features, in its order",
    );
  }
  const trial = (await graph.run(createMatrix(1, spec.features.length), [output]))[output]!;
  const outputWidth = trial.dims.length <= 1 ? 1 : trial.dims.slice(1).reduce((a, b) => a * b, 1);
  const resolved = { ...spec, output, bytes };
  if (spec.task === "regression") {
    if (outputWidth !== 1) throw invalid(`output "${output}" of ${spec.source} gives ${outputWidth} values per row; a regressor gives 1`, "choose the prediction output");
    return new OnnxRegressor(resolved, graph);
  }
  const classes = spec.classes.length > 0 ? spec.classes : Array.from({ length: Math.max(outputWidth, 2) }, (_, i) => i);
  // One column is the positive class's probability, as a sigmoid output gives it.
  if (outputWidth !== classes.length && !(outputWidth === 1 && classes.length === 2)) {
    throw invalid(
      `output "${output}" of ${spec.source} gives ${outputWidth} probabilities per row, but there are ${classes.length} classes (${JSON.stringify(classes)})`,
      "give one class per probability column, in the model's order, or choose the probabilities output",
    );
  }
  return new OnnxClassifier({ ...resolved, classes }, graph);
}

interface Loaded extends OnnxSpec {
  readonly bytes: Uint8Array;
}

abstract class OnnxBase {
  readonly kind = "onnx";
  constructor(
    protected readonly spec: Loaded,
    private readonly graph: OnnxModel,
  ) {}

  get target(): string {
    return this.spec.target;
  }

  get inputSchema(): InputSchema {
    return { columns: this.spec.features.map((name) => ({ name, type: "number" as const })) };
  }

  /** The chosen output for each row of the table, as an n × width matrix. */
  protected async output(table: Table): Promise<Matrix> {
    checkInputSchema(table, this.inputSchema);
    const x = featureMatrix(table, this.spec.features);
    const { data } = (await this.graph.run(x, [this.spec.output]))[this.spec.output]!;
    const width = x.rows === 0 ? 1 : data.length / x.rows;
    const row = data.findIndex((v) => !Number.isFinite(v));
    if (row >= 0) {
      throw invalid(`output "${this.spec.output}" of ${this.spec.source} is ${data[row]} at row ${Math.floor(row / width)}`, "check the model and its inputs");
    }
    return createMatrix(x.rows, width, Float64Array.from(data));
  }

  protected fileJSON(task: ModelTask, classes?: ClassLabel[]): OnnxModelFileJSON {
    return {
      format: "conveyor.model",
      version: 2,
      kind: "onnx",
      task,
      target: this.target,
      ...(classes ? { classes } : {}),
      inputSchema: this.inputSchema,
      onnx: { output: this.spec.output, bytes: Buffer.from(this.spec.bytes).toString("base64") },
      trainingMetrics: {},
      library: { name: "conveyor", version: libraryVersion },
    };
  }
}

export class OnnxClassifier extends OnnxBase {
  readonly task = "classification";

  get classes(): readonly ClassLabel[] {
    return this.spec.classes;
  }

  /** n × k class probabilities, columns in `classes` order. */
  async predictProba(table: Table): Promise<Matrix> {
    const out = await this.output(table);
    if (out.cols !== 1) return out;
    const proba = createMatrix(out.rows, 2);
    out.data.forEach((p, r) => {
      proba.data[2 * r] = 1 - p;
      proba.data[2 * r + 1] = p;
    });
    return proba;
  }

  /** Each row's most probable class index (the first, on a tie). */
  async predictIndices(table: Table): Promise<Int32Array> {
    const { rows, cols, data } = await this.predictProba(table);
    return Int32Array.from({ length: rows }, (_, r) => {
      let best = 0;
      for (let c = 1; c < cols; c++) if (data[r * cols + c]! > data[r * cols + best]!) best = c;
      return best;
    });
  }

  async predict(table: Table): Promise<ClassLabel[]> {
    return Array.from(await this.predictIndices(table), (i) => this.classes[i]!);
  }

  toJSON(): OnnxModelFileJSON {
    return this.fileJSON(this.task, [...this.classes]);
  }
}

export class OnnxRegressor extends OnnxBase {
  readonly task = "regression";

  async predict(table: Table): Promise<Float64Array> {
    return (await this.output(table)).data;
  }

  toJSON(): OnnxModelFileJSON {
    return this.fileJSON(this.task);
  }
}

function onlyOutput(graph: OnnxModel, source: string): string {
  if (graph.outputNames.length === 1) return graph.outputNames[0]!;
  throw invalid(`${source} has ${graph.outputNames.length} outputs (${quoted(graph.outputNames)})`, "give the one to read as outputName");
}

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(", ");

function invalid(problem: string, hint: string): ConveyorError {
  return new ConveyorError(problem, hint, "invalid_onnx");
}
