/** The conveyor.model v2 format: every model kind round-trips and predicts identically; bad input is named. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { fitModel } from "../../src/ml/fit-model.ts";
import { libraryVersion } from "../../src/ml/library-version.ts";
import { type ModelFileJSON, loadModel } from "../../src/ml/model-file.ts";
import { ClassifierModel } from "../../src/ml/model-file-v1.ts";
import { LogisticRegression } from "../../src/ml/models/logistic-regression.ts";
import { modelKind, modelKindNames } from "../../src/ml/models/model-kinds.ts";
import type { Params } from "../../src/ml/models/model-params.ts";
import { type Column, createTable, getColumn, type Table } from "../../src/ml/table.ts";
import type { FittedModel, TrainedModel } from "../../src/ml/trained-model.ts";
import { trainingSteps } from "../../src/ml/training-steps.ts";
import { StandardScaler } from "../../src/ml/transforms/standard-scaler.ts";
import { featureMatrix } from "../../src/ml/feature-matrix.ts";
import { conveyorError } from "../store/expect-conveyor-error.ts";
import { loadSplitDataset } from "./linear-datasets.ts";

/** iris with a text column (with a missing value) and an id column the model never reads. */
async function irisWithText(): Promise<Table> {
  const { all } = await loadSplitDataset("iris");
  const sizes = Array.from({ length: all.rowCount }, (_, i) => (i === 3 ? null : ["small", "medium", "large"][i % 3]!));
  const extra: Column[] = [
    { name: "id", type: "string", values: Array.from({ length: all.rowCount }, (_, i) => `row-${i}`) },
    { name: "size", type: "string", values: sizes },
  ];
  return createTable([...all.columns, ...extra]);
}

/** The predictions a model makes, as JSON text, to compare bit for bit. */
async function predictions(model: TrainedModel, table: Table): Promise<string> {
  if (model.task === "regression") return JSON.stringify(Array.from(await model.predict(table)));
  return JSON.stringify([Array.from((await model.predictProba(table)).data), await model.predict(table)]);
}

async function train(table: Table, kindName: string, target: string): Promise<FittedModel> {
  const kind = modelKind(kindName);
  const params: Params = kind.params.includes("seed") ? { seed: 3 } : {};
  const features = table.columns.map((c) => c.name).filter((name) => name !== target && name !== "id");
  return fitModel(table, { target, kind, params, steps: trainingSteps(table, target, features, "auto") });
}

test("every model kind saves, loads back and predicts identically", async () => {
  const iris = await irisWithText();
  const { all: diabetes } = await loadSplitDataset("diabetes");
  for (const name of modelKindNames) {
    const kind = modelKind(name);
    const [table, target] = kind.task === "classification" ? [iris, "target"] : [diabetes, "target"];
    const model = await train(table, name, target);
    const saved = JSON.parse(JSON.stringify(model.toJSON())) as ModelFileJSON;
    assert.equal(saved.format, "conveyor.model");
    assert.equal(saved.version, 2);
    assert.equal(saved.kind, name);
    assert.equal(saved.task, kind.task);
    assert.equal(saved.target, "target");
    assert.deepEqual(saved.library, { name: "conveyor", version: libraryVersion });
    assert.equal(saved.trainingMetrics.rows, table.rowCount);
    assert.ok(!saved.inputSchema.columns.some((c) => c.name === "id" || c.name === "target"), name);
    if (kind.task === "classification") {
      assert.deepEqual(saved.classes, [0, 1, 2]);
      assert.ok(saved.inputSchema.columns.some((c) => c.name === "size" && c.type === "string"));
    } else {
      assert.equal(saved.classes, undefined);
    }
    const loaded = await loadModel(saved);
    assert.equal(await predictions(loaded, table), await predictions(model, table), name);
    assert.deepEqual(JSON.parse(JSON.stringify(loaded.toJSON())), saved, `${name} saves again unchanged`);
  }
});

test("the same data and seed train the same model, byte for byte", async () => {
  const iris = await irisWithText();
  for (const name of ["random-forest-classifier", "hist-gradient-boosting-classifier", "decision-tree-classifier"]) {
    const [a, b] = [await train(iris, name, "target"), await train(iris, name, "target")];
    assert.equal(JSON.stringify(a.toJSON()), JSON.stringify(b.toJSON()), name);
  }
});

test("prediction applies the saved preprocessing: an unseen category and a missing value are handled as in training", async () => {
  const model = await train(await irisWithText(), "logistic-regression", "target");
  assert.equal(model.task, "classification");
  const { all } = await loadSplitDataset("iris");
  const rows = createTable([
    ...all.columns.map((c) => ({ ...c, values: c.values.slice(0, 2) }) as Column),
    { name: "size", type: "string", values: ["enormous", null] },
  ]);
  const proba = await model.predictProba(rows);
  assert.equal(proba.rows, 2);
  for (let i = 0; i < 2; i++) {
    const sum = proba.data[3 * i]! + proba.data[3 * i + 1]! + proba.data[3 * i + 2]!;
    assert.ok(Math.abs(sum - 1) < 1e-12);
  }
  assert.deepEqual(await model.predict(rows), [0, 0]);
});

test("a table whose columns or types differ from the input schema is refused, naming the column", async () => {
  const iris = await irisWithText();
  const model = await loadModel(JSON.parse(JSON.stringify((await train(iris, "random-forest-classifier", "target")).toJSON())));
  const without = createTable(iris.columns.filter((c) => c.name !== "petal width (cm)"));
  await assert.rejects(model.predict(without), conveyorError("schema_mismatch", 'no column "petal width (cm)", which the model reads'));

  const petal = getColumn(iris, "petal length (cm)");
  const asText = Array.from(petal.values as Float64Array, (v, i) => (i === 7 ? "n/a" : String(v)));
  const textual = createTable(iris.columns.map((c) => (c === petal ? { name: c.name, type: "string", values: asText } : c)));
  await assert.rejects(
    model.predict(textual),
    conveyorError("schema_mismatch", 'column "petal length (cm)" holds text (row 7 is "n/a"), but the model was trained on numbers'),
  );

  const numericSize = createTable(
    iris.columns.map((c) => (c.name === "size" ? { name: "size", type: "number", values: new Float64Array(iris.rowCount) } : c)),
  );
  await assert.rejects(model.predict(numericSize), conveyorError("schema_mismatch", 'column "size" holds numbers, but the model was trained on text'));
});

test("NaN or Infinity reaching a model without imputation is refused by column and row", async () => {
  const { all } = await loadSplitDataset("diabetes");
  const model = await fitModel(all, {
    target: "target",
    kind: modelKind("linear-regression"),
    params: {},
    steps: trainingSteps(all, "target", [], []),
  });
  const bmi = Float64Array.from(getColumn(all, "bmi").values as Float64Array);
  bmi[5] = Number.POSITIVE_INFINITY;
  const bad = createTable(all.columns.map((c) => (c.name === "bmi" ? { name: "bmi", type: "number", values: bmi } : c)));
  await assert.rejects(model.predict(bad), conveyorError("invalid_data", 'column "bmi" has an infinite value at row 5'));
  bmi[5] = Number.NaN;
  await assert.rejects(model.predict(bad), conveyorError("invalid_data", 'column "bmi" has a missing value at row 5'));
});

test("a version 1 model file loads as version 2 and predicts as it did", async () => {
  const { train: rows, test: heldOut } = await loadSplitDataset("breast_cancer");
  const features = rows.columns.map((c) => c.name).filter((name) => name !== "target");
  const scaler = StandardScaler.fit(featureMatrix(rows, features));
  const logistic = LogisticRegression.fit(scaler.transform(featureMatrix(rows, features)), getColumn(rows, "target").values as Float64Array);
  const v1 = new ClassifierModel("target", features, scaler, logistic, rows.rowCount);
  const loaded = await loadModel(JSON.parse(JSON.stringify(v1.toJSON())));
  assert.equal(loaded.task, "classification");
  assert.equal(loaded.kind, "logistic-regression");
  assert.deepEqual(loaded.classes, [0, 1]);
  assert.equal(loaded.toJSON().trainingMetrics.rows, rows.rowCount);
  const positive = await loaded.predictProba(heldOut);
  const expected = v1.predictProba(heldOut);
  for (let i = 0; i < heldOut.rowCount; i++) assert.ok(Math.abs(positive.data[2 * i + 1]! - expected[i]!) < 1e-15);
  assert.deepEqual(await loaded.predict(heldOut), Array.from(v1.predict(heldOut)));
});

test("a corrupt, foreign or future model file is refused", async () => {
  const { all } = await loadSplitDataset("diabetes");
  const saved = (await train(all, "ridge-regression", "target")).toJSON();
  const cases: [unknown, string][] = [
    [{ ...saved, version: 3 }, "version 3 is not supported"],
    [{ ...saved, format: "onnx" }, 'expected format "conveyor.model"'],
    [{ ...saved, kind: "svm" }, '"kind" "svm" is not a model'],
    [{ ...saved, task: "classification" }, 'a ridge-regression does regression'],
    [{ ...saved, inputSchema: { columns: [] } }, '"inputSchema" differs'],
    [{ ...saved, trainingMetrics: { r2: "high" } }, '"trainingMetrics"'],
    [{ ...saved, model: { ...saved.model, coefficients: [1, 2] } }, "the preprocessor makes 10 features, the model reads 2"],
  ];
  for (const [json, message] of cases) await assert.rejects(loadModel(json), conveyorError("corrupt_artifact", message));
});
