/** The three wire protocols against a real server on loopback: each answers as its spec shapes it, with the model's own predictions. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTable } from "../../src/ml/table.ts";
import type { TrainedModel } from "../../src/ml/trained-model.ts";
import type { ModelServer } from "../../src/serve/server.ts";
import { type TestProject, testProject } from "../helpers/project.ts";
import { churnTable, fit, post, priceTable, register, serve } from "./serving-fixtures.ts";

describe("model server protocols", () => {
  let project: TestProject;
  let server: ModelServer;
  let url: string;
  let churn: TrainedModel;
  let price: TrainedModel;

  before(async () => {
    project = await testProject();
    churn = await fit(churnTable(), "churned", "logistic-regression");
    price = await fit(priceTable(), "price", "linear-regression");
    await register(project, "churn", churn, "champion");
    await register(project, "price", price);
    ({ server, url } = await serve(project, { models: ["models:/churn@champion", "models:/price/1"] }));
  });
  after(async () => {
    await server.close();
    await project.cleanup();
  });

  /** What the model itself predicts for these rows, through loadModel's own Table path. */
  const expected = async (rows: { tenure: number; plan: string }[]) =>
    churn.predict(
      createTable([
        { name: "tenure", type: "number", values: Float64Array.from(rows.map((r) => r.tenure)) },
        { name: "plan", type: "string", values: rows.map((r) => r.plan) },
      ]),
    );

  describe("Open Inference Protocol (V2)", () => {
    it("answers server metadata and health as the spec shapes them", async () => {
      const meta = await fetch(`${url}/v2`);
      assert.equal(meta.status, 200);
      assert.equal(await meta.text(), '{"name":"conveyor","version":"0.1.0","extensions":[]}');
      for (const path of ["/v2/health/live", "/v2/health/ready", "/v2/models/churn/ready", "/v2/models/churn/versions/1/ready"]) {
        const response = await fetch(`${url}${path}`);
        assert.deepEqual([path, response.status, await response.text()], [path, 200, ""]);
      }
    });

    it("describes a model's inputs and outputs", async () => {
      const response = await fetch(`${url}/v2/models/churn`);
      assert.deepEqual(await response.json(), {
        name: "churn",
        versions: ["1"],
        platform: "conveyor-logistic-regression",
        inputs: [
          { name: "tenure", datatype: "FP64", shape: [-1] },
          { name: "plan", datatype: "BYTES", shape: [-1] },
        ],
        outputs: [
          { name: "predict", datatype: "BYTES", shape: [-1] },
          { name: "predict_proba", datatype: "FP64", shape: [-1, 2] },
        ],
      });
      assert.deepEqual(await (await fetch(`${url}/v2/models/price/versions/1`)).json(), {
        name: "price",
        versions: ["1"],
        platform: "conveyor-linear-regression",
        inputs: [
          { name: "size", datatype: "FP64", shape: [-1] },
          { name: "rooms", datatype: "FP64", shape: [-1] },
        ],
        outputs: [{ name: "predict", datatype: "FP64", shape: [-1] }],
      });
    });

    it("scores one tensor per column, echoing the id, with the model's own predictions", async () => {
      const rows = [
        { tenure: 3, plan: "basic" },
        { tenure: 50, plan: "team" },
        { tenure: 10, plan: "pro" },
      ];
      const response = await post(`${url}/v2/models/churn/infer`, {
        id: "42",
        inputs: [
          { name: "tenure", shape: [3], datatype: "FP64", data: rows.map((r) => r.tenure) },
          { name: "plan", shape: [3, 1], datatype: "BYTES", data: rows.map((r) => [r.plan]) },
        ],
      });
      assert.equal(response.status, 200, response.text);
      const predictions = await expected(rows);
      assert.equal(
        response.text,
        JSON.stringify({ model_name: "churn", model_version: "1", id: "42", outputs: [{ name: "predict", shape: [3], datatype: "BYTES", data: predictions }] }),
      );
    });

    it("gives predict_proba when asked, in the outputs' order, matching the model's probabilities", async () => {
      const response = await post(`${url}/v2/models/churn/versions/1/infer`, {
        inputs: [
          { name: "plan", shape: [1], datatype: "BYTES", data: ["pro"] },
          { name: "tenure", shape: [1], datatype: "INT32", data: [5] },
        ],
        outputs: [{ name: "predict_proba" }, { name: "predict" }],
      });
      assert.equal(response.status, 200, response.text);
      const proba = await (churn as Extract<TrainedModel, { task: "classification" }>).predictProba(
        createTable([
          { name: "tenure", type: "number", values: Float64Array.of(5) },
          { name: "plan", type: "string", values: ["pro"] },
        ]),
      );
      const body = response.body as { id?: string; outputs: { name: string; shape: number[]; datatype: string; data: unknown[] }[] };
      assert.equal(body.id, undefined);
      assert.deepEqual(body.outputs[0], { name: "predict_proba", shape: [1, 2], datatype: "FP64", data: Array.from(proba.data) });
      assert.deepEqual(body.outputs[1], { name: "predict", shape: [1], datatype: "BYTES", data: await expected([{ tenure: 5, plan: "pro" }]) });
    });

    it("scores one 2-D tensor [rows, features], flat or nested, row-major", async () => {
      const flat = await post(`${url}/v2/models/price/infer`, { inputs: [{ name: "x", shape: [2, 2], datatype: "FP32", data: [10, 2, 20, 3] }] });
      const nested = await post(`${url}/v2/models/price/infer`, { inputs: [{ name: "x", shape: [2, 2], datatype: "FP32", data: [[10, 2], [20, 3]] }] });
      const truth = Array.from(
        (await price.predict(
          createTable([
            { name: "size", type: "number", values: Float64Array.of(10, 20) },
            { name: "rooms", type: "number", values: Float64Array.of(2, 3) },
          ]),
        )) as Float64Array,
      );
      assert.equal(flat.status, 200, flat.text);
      assert.deepEqual(flat.body, { model_name: "price", model_version: "1", outputs: [{ name: "predict", shape: [2], datatype: "FP64", data: truth }] });
      assert.deepEqual(nested.body, flat.body);
      assert.ok(Math.abs(truth[0]! - 35) < 1e-6 && Math.abs(truth[1]! - 67) < 1e-6);
    });
  });

  describe("KServe V1", () => {
    it("predicts instances given as objects or as lists in column order", async () => {
      const rows = [
        { tenure: 4, plan: "basic" },
        { tenure: 40, plan: "pro" },
      ];
      const byName = await post(`${url}/v1/models/churn:predict`, { instances: rows });
      const byPosition = await post(`${url}/v1/models/churn:predict`, { instances: rows.map((r) => [r.tenure, r.plan]) });
      assert.equal(byName.status, 200, byName.text);
      assert.equal(byName.text, JSON.stringify({ predictions: await expected(rows) }));
      assert.equal(byPosition.text, byName.text);
      assert.deepEqual(await (await fetch(`${url}/v1/models/churn`)).json(), { name: "churn", ready: true });
      assert.deepEqual(await (await fetch(`${url}/v1/models`)).json(), { models: ["churn", "price"] });
    });
  });

  describe("MLflow scoring server", () => {
    const rows = [
      { tenure: 2, plan: "pro" },
      { tenure: 33, plan: "basic" },
    ];

    it("reads dataframe_split, dataframe_records, instances, inputs and CSV alike", async () => {
      const answer = JSON.stringify({ predictions: await expected(rows) });
      const bodies = [
        { dataframe_split: { columns: ["plan", "tenure"], data: rows.map((r) => [r.plan, r.tenure]) } },
        { dataframe_split: { index: [0, 1], columns: ["tenure", "plan"], data: rows.map((r) => [r.tenure, r.plan]) } },
        { dataframe_records: rows },
        { instances: rows },
        { inputs: { tenure: rows.map((r) => r.tenure), plan: rows.map((r) => r.plan) } },
        { inputs: rows },
      ];
      for (const body of bodies) {
        const response = await post(`${url}/invocations`, body);
        assert.deepEqual([Object.keys(body)[0], response.status, response.text], [Object.keys(body)[0], 200, answer]);
      }
      const csv = await post(`${url}/invocations`, 'plan,tenure\npro,2\n"basic",33\n', "text/csv");
      assert.deepEqual([csv.status, csv.text], [200, answer]);
    });

    it("answers ping, health and version", async () => {
      for (const path of ["/ping", "/health"]) assert.equal((await fetch(`${url}${path}`)).status, 200);
      assert.equal(await (await fetch(`${url}/version`)).text(), "0.1.0");
    });

    it("answers a bad request with MLflow's error shape", async () => {
      const response = await post(`${url}/invocations`, { dataframe_records: [{ tenure: 1 }] });
      assert.equal(response.status, 400);
      assert.deepEqual(response.body, { error_code: "BAD_REQUEST", message: 'dataframe_records[0] has no column "plan"; the model reads "tenure", "plan"' });
    });
  });

  it("counts requests, errors, latency and predicted classes at /metrics", async () => {
    await post(`${url}/v2/models/churn/infer`, { inputs: [{ name: "tenure", shape: [1], datatype: "FP64", data: [1] }] });
    const text = await (await fetch(`${url}/metrics`)).text();
    assert.match(text, /conveyor_serve_requests_total\{model="churn",version="1",route="v2_infer",status="200"\} \d+/);
    assert.match(text, /conveyor_serve_errors_total\{model="churn",version="1",route="v2_infer",status="400"\} 1/);
    assert.match(text, /conveyor_serve_request_duration_seconds_count\{model="churn",version="1",route="invocations"\} \d+/);
    assert.match(text, /conveyor_serve_predicted_class_total\{model="churn",version="1",class="(yes|no)"\} \d+/);
    assert.match(text, /conveyor_serve_requests_total\{model="price",version="1",route="v2_infer",status="200"\} 2/);
  });
});
