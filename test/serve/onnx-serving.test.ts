/** A model imported from ONNX serves like one trained here. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadOnnxModel } from "../../src/ml/onnx/onnx-trained.ts";
import { onnxRuntime } from "../../src/ml/onnx/runtime.ts";
import { type TestProject, testProject } from "../helpers/project.ts";
import { logisticOnnx } from "../ml/onnx/build-model.ts";
import { post, register, serve } from "./serving-fixtures.ts";

const unavailable = await onnxRuntime().then(
  () => false,
  (error: Error) => `onnxruntime-node cannot load here: ${error.message}`,
);

describe("serving an ONNX model", { skip: unavailable }, () => {
  let project: TestProject;
  before(async () => {
    project = await testProject();
    const model = await loadOnnxModel(logisticOnnx([1.5, -2], 0.5), { task: "classification", target: "label", features: ["x1", "x2"], classes: [0, 1], output: "", source: "logistic.onnx" });
    await register(project, "onnx-logistic", model, "champion");
  });
  after(() => project.cleanup());

  it("answers V2 and MLflow requests with the graph's probabilities", async () => {
    const { server, url } = await serve(project, { models: ["models:/onnx-logistic@champion"] });
    try {
      const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
      const response = await post(`${url}/v2/models/onnx-logistic/infer`, {
        inputs: [{ name: "x", shape: [2, 2], datatype: "FP32", data: [[1, 0], [0, 1]] }],
        outputs: [{ name: "predict" }, { name: "predict_proba" }],
      });
      assert.equal(response.status, 200, response.text);
      const [predict, proba] = (response.body as { outputs: { datatype: string; data: number[] }[] }).outputs;
      assert.deepEqual([predict!.datatype, predict!.data], ["INT64", [1, 0]]);
      // onnxruntime computes in float32.
      const expected = [1 - sigmoid(2), sigmoid(2), 1 - sigmoid(-1.5), sigmoid(-1.5)];
      for (const [i, p] of proba!.data.entries()) assert.ok(Math.abs(p - expected[i]!) < 1e-6, `${p} vs ${expected[i]}`);
      const mlflow = await post(`${url}/invocations`, { dataframe_split: { columns: ["x1", "x2"], data: [[1, 0]] } });
      assert.deepEqual(mlflow.body, { predictions: [1] });
      const missing = await post(`${url}/invocations`, { dataframe_split: { columns: ["x1", "x2"], data: [[null, 0]] } });
      assert.deepEqual([missing.status, (missing.body as { message: string }).message], [400, 'column "x1" has a missing value at row 0']);
    } finally {
      await server.close();
    }
  });
});
