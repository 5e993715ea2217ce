import { readFile } from "node:fs/promises";
import { ConveyorError } from "../../errors.ts";
import { component, Model, param } from "../../sdk/index.ts";
import { type ClassLabel, isClassList } from "../transforms/class-labels.ts";

/**
 * Brings a model trained elsewhere (scikit-learn via skl2onnx, PyTorch, XGBoost, ...) into
 * Conveyor: the .onnx file becomes a Model artifact (format in model-file.ts) that
 * evaluate-model and gate-model score like any trained model. Import fails, rather than
 * evaluation later, when onnxruntime cannot load the file or the features do not fit it.
 */
export const importOnnxModel = component({
  name: "import-onnx-model",
  version: "1",
  description: "Import an .onnx model as a Conveyor model, to evaluate, gate, register and serve",
  inputs: {
    file: param.file({ description: "the .onnx file; a relative path is taken from the project root" }),
    features: param.list(param.string(), { min: 1, description: "the number columns fed to the model's input, in its order" }),
    target: param.string({ description: "the column the model predicts, which evaluation compares with" }),
    task: param.enum(["classification", "regression"]),
    classes: param.json<ClassLabel[]>({
      default: [],
      description: "classification: the labels, in the order of the probability columns; empty: 0, 1, ...",
    }),
    outputName: param.string({
      default: "",
      description: "the output holding probabilities (classification) or predictions; empty: the only output",
    }),
  },
  outputs: { model: Model },
  run: async ({ file, features, target, task, classes, outputName, model }, ctx) => {
    const { modelSignature } = await import("../model-signature.ts");
    const { loadOnnxModel } = await import("../onnx/onnx-trained.ts");
    if (classes.length > 0 && (task === "regression" || !isClassList(classes))) {
      throw new ConveyorError(
        `classes ${JSON.stringify(classes)} given for ${file} are not ${task === "regression" ? "used by a regressor" : "a list of distinct labels"}`,
        task === "regression" ? "leave classes empty for a regressor" : "give two or more distinct numbers or strings",
        "invalid_param",
      );
    }
    const imported = await loadOnnxModel(await readFile(file), {
      task,
      target,
      features,
      classes,
      output: outputName,
      source: file,
    });
    const saved = imported.toJSON();
    await model.writeText(JSON.stringify(saved));
    model.metadata = {
      kind: imported.kind,
      task,
      target,
      inputColumns: features.length,
      onnxOutput: saved.onnx.output,
      signature: modelSignature(imported),
    };
    ctx.log.info(`imported ${file}: ${task} of "${target}" from ${features.length} features`);
  },
});
