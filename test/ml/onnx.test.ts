import assert from "node:assert/strict";
import { it } from "node:test";
import { createMatrix } from "../../src/ml/matrix.ts";
import { OnnxModel } from "../../src/ml/onnx/onnx-model.ts";
import { logisticOnnx } from "./onnx/build-model.ts";

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

it("runs an ONNX model built in the test and predicts what its weights say", async () => {
  const model = await OnnxModel.load(logisticOnnx([1.5, -2], 0.5), "logistic.onnx");
  assert.deepEqual([model.inputNames, model.outputNames], [["x"], ["probability"]]);
  const x = createMatrix(3, 2, Float64Array.from([0, 0, 1, 1, 2, -1]));
  const { probability } = await model.run(x);
  assert.deepEqual(probability?.dims, [3, 1]);
  const expected = [sigmoid(0.5), sigmoid(1.5 - 2 + 0.5), sigmoid(3 + 2 + 0.5)];
  probability?.data.forEach((p, i) => {
    assert.ok(Math.abs(p - (expected[i] as number)) < 1e-6, `row ${i}: ${p} vs ${expected[i]}`);
  });
});

it("names the problem with a file that is not an ONNX model, or features that do not fit", async () => {
  await assert.rejects(OnnxModel.load(new TextEncoder().encode("not a model"), "broken.onnx"), {
    code: "invalid_onnx",
    message: /^broken.onnx is not a model onnxruntime can load/,
  });
  const model = await OnnxModel.load(logisticOnnx([1, 1], 0), "logistic.onnx");
  await assert.rejects(model.run(createMatrix(1, 3, Float64Array.from([1, 2, 3]))), {
    code: "onnx_run_failed",
    message: /could not run on 1 rows × 3 features/,
  });
});
