/**
 * A model trained elsewhere and exported to ONNX, run with onnxruntime: its features are named
 * table columns, fed as one float32 matrix to the graph's single input.
 */
import { ConveyorError } from "../../errors.ts";
import type { Matrix } from "../matrix.ts";
import { onnxRuntime } from "./runtime.ts";

export interface OnnxModelInfo {
  /** The graph's input and output names, as the model file declares them. */
  inputNames: readonly string[];
  outputNames: readonly string[];
}

export class OnnxModel implements OnnxModelInfo {
  private constructor(
    private readonly session: import("onnxruntime-node").InferenceSession,
    readonly inputNames: readonly string[],
    readonly outputNames: readonly string[],
  ) {}

  /** Loads a model from the bytes of an .onnx file; `source` names it in errors. */
  static async load(bytes: Uint8Array, source: string): Promise<OnnxModel> {
    const ort = await onnxRuntime();
    let session: import("onnxruntime-node").InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes);
    } catch (error) {
      throw new ConveyorError(
        `${source} is not a model onnxruntime can load: ${(error as Error).message}`,
        "export the model again as ONNX (opset 7 or newer) and check the file is complete",
        "invalid_onnx",
      );
    }
    if (session.inputNames.length !== 1) {
      throw new ConveyorError(
        `${source} has ${session.inputNames.length} inputs (${session.inputNames.join(", ")}); Conveyor feeds one feature matrix`,
        "export the model with a single float input of shape [rows, features]",
        "invalid_onnx",
      );
    }
    return new OnnxModel(session, session.inputNames, session.outputNames);
  }

  /**
   * The feature count the graph's input declares (its last dimension), or undefined when the
   * file leaves it symbolic or unstated.
   */
  get inputWidth(): number | undefined {
    const input = this.session.inputMetadata[0];
    const last = input?.isTensor ? input.shape.at(-1) : undefined;
    return typeof last === "number" ? last : undefined;
  }

  /**
   * Runs the graph on a feature matrix; returns the named outputs (by default all) as doubles
   * with their shapes. Naming them also keeps onnxruntime from computing, and us from
   * converting, outputs nobody reads, such as a classifier's int64 labels.
   */
  async run(
    x: Matrix,
    outputs: readonly string[] = this.outputNames,
  ): Promise<Record<string, { data: Float64Array; dims: readonly number[] }>> {
    const ort = await onnxRuntime();
    const input = new ort.Tensor("float32", Float32Array.from(x.data), [x.rows, x.cols]);
    let results: Record<string, import("onnxruntime-node").Tensor>;
    try {
      results = await this.session.run({ [this.inputNames[0] as string]: input }, [...outputs]);
    } catch (error) {
      throw new ConveyorError(
        `the ONNX model could not run on ${x.rows} rows × ${x.cols} features: ${(error as Error).message}`,
        "check that the feature columns and their order match what the model was trained on",
        "onnx_run_failed",
      );
    }
    const out: Record<string, { data: Float64Array; dims: readonly number[] }> = {};
    for (const [name, tensor] of Object.entries(results)) {
      if (tensor.type !== "float32" && tensor.type !== "float64") {
        throw new ConveyorError(
          `ONNX output "${name}" holds ${tensor.type} values; Conveyor reads probabilities or predictions as floats`,
          "choose a float output (for a classifier, its probabilities)",
          "invalid_onnx",
        );
      }
      out[name] = { data: Float64Array.from(tensor.data as ArrayLike<number>), dims: tensor.dims };
    }
    return out;
  }
}
