/** import-onnx-model through the real engine: an ONNX model built here, evaluated and gated like a trained one. */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import { evaluateModel, gateModel, importOnnxModel, ingestCsv, param, pipeline } from "../../src/index.ts";
import { loadModel } from "../../src/ml/model-file.ts";
import { createTable } from "../../src/ml/table.ts";
import type { TaskRecord } from "../../src/store/types.ts";
import { type TestProject, testProject } from "../helpers/project.ts";
import { logisticOnnx, twoClassLogisticOnnx } from "./onnx/build-model.ts";
import { tempDir } from "./temp-dir.ts";

const WEIGHTS = [1.5, -2];
const BIAS = 0.5;
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * 60 rows whose labels follow x1 + 0.5·x2 > 0 with some flipped, so that the model's weights
 * (1.5, -2) get some rows right and some wrong: the scores then test the arithmetic.
 */
const rows = Array.from({ length: 60 }, (_, i) => {
  const x1 = Math.sin(i * 1.7) * 2;
  const x2 = Math.cos(i * 0.9) * 1.5;
  return { x1, x2, label: (x1 + 0.5 * x2 > 0) !== (i % 7 === 0) ? 1 : 0 };
});
const csv = ["x1,x2,label", ...rows.map((r) => `${r.x1},${r.x2},${r.label}`)].join("\n");

/** Accuracy, log loss and ROC AUC as the weights imply, computed here independently of Conveyor's metrics. */
function expectedScores(): { accuracy: number; logLoss: number; rocAuc: number } {
  const p = rows.map((r) => sigmoid(WEIGHTS[0]! * r.x1 + WEIGHTS[1]! * r.x2 + BIAS));
  const y = rows.map((r) => r.label);
  const accuracy = p.filter((pi, i) => (pi > 0.5 ? 1 : 0) === y[i]).length / rows.length;
  const logLoss = -p.reduce((sum, pi, i) => sum + (y[i] ? Math.log(pi) : Math.log(1 - pi)), 0) / rows.length;
  let pairs = 0;
  let won = 0;
  p.forEach((pos, i) => {
    if (!y[i]) return;
    p.forEach((neg, j) => {
      if (y[j]) return;
      pairs++;
      won += pos > neg ? 1 : pos === neg ? 0.5 : 0;
    });
  });
  return { accuracy, logLoss, rocAuc: won / pairs };
}

const evaluated = pipeline(
  {
    name: "onnx-evaluated",
    params: {
      model: param.file(),
      data: param.file(),
      features: param.list(param.string(), { default: ["x1", "x2"] }),
      outputName: param.string({ default: "" }),
    },
  },
  (p) => {
    const data = ingestCsv({ path: p.data }).outputs.data;
    const onnx = importOnnxModel({ file: p.model, features: p.features, target: "label", task: "classification", outputName: p.outputName });
    evaluateModel({ model: onnx.outputs.model, data });
  },
);

const gated = pipeline({ name: "onnx-gated", params: { sigmoid: param.file(), softmax: param.file(), data: param.file() } }, (p) => {
  const data = ingestCsv({ path: p.data }).outputs.data;
  const common = { features: ["x1", "x2"], target: "label", task: "classification" as const };
  const candidate = importOnnxModel({ ...common, file: p.softmax, outputName: "probabilities" }, { name: "candidate" });
  const champion = importOnnxModel({ ...common, file: p.sigmoid, classes: [0, 1] }, { name: "champion" });
  gateModel({ model: candidate.outputs.model, champion: champion.outputs.model, data, min: { accuracy: 0.6 } });
});

let project: TestProject;
before(async () => {
  project = await testProject();
});
const dir = await tempDir();
const files = {
  data: await dir.write("data.csv", csv),
  sigmoid: await dir.write("sigmoid.onnx", Buffer.from(logisticOnnx(WEIGHTS, BIAS))),
  softmax: await dir.write("softmax.onnx", Buffer.from(twoClassLogisticOnnx(WEIGHTS, BIAS))),
  broken: await dir.write("broken.onnx", "not a model"),
};
after(() => project.cleanup());

function failure(result: { run: { status: string }; tasks: Record<string, TaskRecord> }, task: string): string {
  assert.equal(result.run.status, "failed");
  assert.equal(result.tasks[task]?.status, "failed", `${task} should have failed`);
  return result.tasks[task]!.error ?? "";
}

test("an imported ONNX classifier is evaluated with the scores its weights imply, whether it outputs one or two probability columns", async () => {
  const expected = expectedScores();
  assert.ok(expected.accuracy > 0.55 && expected.accuracy < 0.95, `the data should test the model: accuracy ${expected.accuracy}`);
  for (const [model, outputName] of [
    [files.sigmoid, ""],
    [files.softmax, "probabilities"],
  ] as const) {
    const result = await project.run(evaluated, { model, data: files.data, outputName });
    assert.equal(result.run.status, "succeeded", Object.values(result.tasks).map((t) => t.error ?? "").join("\n"));
    const scores = result.tasks["evaluate-model"]!.outputs?.scores as Record<string, number>;
    assert.equal(scores.accuracy, expected.accuracy, model);
    // onnxruntime computes in float32.
    assert.ok(Math.abs(scores.logLoss! - expected.logLoss) < 1e-5, `${model}: logLoss ${scores.logLoss} vs ${expected.logLoss}`);
    assert.ok(Math.abs(scores.rocAuc! - expected.rocAuc) < 1e-12, `${model}: rocAuc ${scores.rocAuc} vs ${expected.rocAuc}`);
  }
});

test("the imported model file loads back, predicts what the weights say, and saves again unchanged", async () => {
  const result = await project.run(evaluated, { model: files.sigmoid, data: files.data });
  const events = await project.store.taskLineage(result.tasks["import-onnx-model"]!.id);
  const artifact = events.find((e) => e.kind === "output" && e.name === "model")!.artifact;
  const saved = JSON.parse(await readFile(project.artifacts.localPath(artifact.uri), "utf8"));
  assert.deepEqual([saved.kind, saved.task, saved.target, saved.classes, saved.onnx.output], ["onnx", "classification", "label", [0, 1], "probability"]);
  assert.deepEqual(saved.inputSchema.columns, [
    { name: "x1", type: "number" },
    { name: "x2", type: "number" },
  ]);
  const model = await loadModel(saved);
  assert.equal(model.task, "classification");
  const table = createTable([
    { name: "x2", type: "number", values: Float64Array.of(0, 1) },
    { name: "x1", type: "number", values: Float64Array.of(0, 2) },
  ]);
  const proba = await model.predictProba(table);
  assert.ok(Math.abs(proba.data[1]! - sigmoid(BIAS)) < 1e-6);
  assert.ok(Math.abs(proba.data[3]! - sigmoid(3 - 2 + BIAS)) < 1e-6);
  assert.deepEqual(await model.predict(table), [1, 1]);
  assert.deepEqual(JSON.parse(JSON.stringify(model.toJSON())), saved);
});

test("the gate compares an imported candidate with an imported champion on the same data", async () => {
  const result = await project.run(gated, { sigmoid: files.sigmoid, softmax: files.softmax, data: files.data });
  assert.equal(result.run.status, "succeeded", Object.values(result.tasks).map((t) => t.error ?? "").join("\n"));
  assert.equal(result.tasks["gate-model"]!.outputs?.passed, true);
});

test("a file that is not ONNX, a feature count the model does not read, or a missing output is refused at import", async () => {
  const broken = await project.run(evaluated, { model: files.broken, data: files.data });
  assert.match(failure(broken, "import-onnx-model"), /broken\.onnx is not a model onnxruntime can load/);

  const three = await project.run(evaluated, { model: files.sigmoid, data: files.data, features: ["x1", "x2", "label"] });
  assert.match(failure(three, "import-onnx-model"), /sigmoid\.onnx reads 2 features per row, but 3 feature columns were given/);

  const output = await project.run(evaluated, { model: files.softmax, data: files.data, outputName: "label" });
  assert.match(failure(output, "import-onnx-model"), /softmax\.onnx has no output "label" \(it has "probabilities"\)/);
});

test("evaluation data without a feature column the model reads is refused, naming the column", async () => {
  const result = await project.run(evaluated, { model: files.sigmoid, data: files.data, features: ["x1", "x3"] });
  assert.match(failure(result, "evaluate-model"), /the data has no column "x3", which the model reads/);
});
