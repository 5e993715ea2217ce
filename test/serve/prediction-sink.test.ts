/**
 * What the server hands the prediction log, and the endpoint seam a deployment plugs into: a
 * shadow version scores a copy of the request, logged and never returned, and the endpoint hears
 * how each version did.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Endpoint, EndpointOutcome } from "../../src/serve/endpoint.ts";
import { type AnsweredRows, answeredRecords, type PredictionRecord, type PredictionSink } from "../../src/serve/prediction-record.ts";
import type { ServedVersion } from "../../src/serve/served-version.ts";
import { loadServedVersion } from "../../src/serve/version-loader.ts";
import { type TestProject, testProject } from "../helpers/project.ts";
import { churnTable, fit, post, register, serve } from "./serving-fixtures.ts";

/** A sink that keeps what it is given as records, one per row. */
class KeptRecords implements PredictionSink {
  readonly records: PredictionRecord[] = [];
  appendRows(rows: AnsweredRows): void {
    this.records.push(...answeredRecords(rows));
  }
  async close(): Promise<void> {}
}

/** A stable version answering and a candidate shadowing it: the smallest deployment. */
class ShadowEndpoint implements Endpoint {
  readonly deployment = "churn-prod";
  readonly outcomes: EndpointOutcome[] = [];
  constructor(
    readonly name: string,
    private readonly stable: ServedVersion,
    private readonly candidate: ServedVersion,
  ) {}
  route() {
    return { primary: this.stable, shadow: this.candidate };
  }
  version(number: number) {
    return this.loaded().find((v) => v.version === number);
  }
  loaded() {
    return [this.stable, this.candidate];
  }
  observe(outcome: EndpointOutcome): void {
    this.outcomes.push(outcome);
  }
  async close(): Promise<void> {}
}

describe("prediction log and shadow versions", () => {
  let project: TestProject;
  before(async () => {
    project = await testProject();
    await register(project, "churn", await fit(churnTable(), "churned", "logistic-regression"), "champion");
    await register(project, "churn", await fit(churnTable(), "churned", "decision-tree-classifier", { maxDepth: 1 }));
  });
  after(() => project.cleanup());

  it("appends one record per answered row, with the request's id, features, prediction and probabilities", async () => {
    const sink = new KeptRecords();
    const { server, url } = await serve(project, { models: ["models:/churn@champion"], predictionLog: sink });
    try {
      const v2 = await post(`${url}/v2/models/churn/infer`, {
        id: "req-1",
        inputs: [
          { name: "tenure", shape: [2], datatype: "FP64", data: [3, null] },
          { name: "plan", shape: [2], datatype: "BYTES", data: ["pro", "team"] },
        ],
      });
      assert.equal(v2.status, 200, v2.text);
      const byHeader = await fetch(`${url}/v1/models/churn:predict`, { method: "POST", headers: { "content-type": "application/json", "x-request-id": "from-header" }, body: JSON.stringify({ instances: [[40, "basic"]] }) });
      const generated = await fetch(`${url}/invocations`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ dataframe_records: [{ tenure: 1, plan: "pro" }] }) });
      assert.equal(byHeader.headers.get("x-request-id"), "from-header");
      const generatedId = generated.headers.get("x-request-id")!;
      assert.match(generatedId, /^[0-9a-f-]{36}$/);

      const predictions = (v2.body as { outputs: { data: string[] }[] }).outputs[0]!.data;
      assert.deepEqual(
        sink.records.map((r) => [r.requestId, r.row, r.model, r.version, r.role, r.deployment, r.features, r.prediction]),
        [
          ["req-1", 0, "churn", 1, "primary", null, { tenure: 3, plan: "pro" }, predictions[0]],
          ["req-1", 1, "churn", 1, "primary", null, { tenure: null, plan: "team" }, predictions[1]],
          ["from-header", 0, "churn", 1, "primary", null, { tenure: 40, plan: "basic" }, ((await byHeader.json()) as { predictions: string[] }).predictions[0]],
          [generatedId, 0, "churn", 1, "primary", null, { tenure: 1, plan: "pro" }, ((await generated.json()) as { predictions: string[] }).predictions[0]],
        ],
      );
      for (const record of sink.records) {
        assert.equal(record.probabilities!.length, 2);
        assert.ok(Math.abs(record.probabilities![0]! + record.probabilities![1]! - 1) < 1e-12);
        assert.ok(record.latencyMs >= 0 && record.time instanceof Date);
      }
    } finally {
      await server.close();
    }
  });

  it("answers with the primary version, scores a shadow copy on the side, and tells the endpoint how each did", async () => {
    const source = { store: project.store, artifacts: project.artifacts };
    const endpoint = new ShadowEndpoint("churn", await loadServedVersion(source, "churn", 1), await loadServedVersion(source, "churn", 2));
    const sink = new KeptRecords();
    const { server, url } = await serve(project, { endpoints: [endpoint], predictionLog: sink });
    try {
      const response = await post(`${url}/v2/models/churn/infer`, {
        id: "shadowed",
        inputs: [
          { name: "tenure", shape: [1], datatype: "FP64", data: [5] },
          { name: "plan", shape: [1], datatype: "BYTES", data: ["basic"] },
        ],
      });
      assert.equal((response.body as { model_version: string }).model_version, "1");
      for (let i = 0; i < 3000 && sink.records.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.deepEqual(
        sink.records.map((r) => [r.requestId, r.version, r.role, r.deployment]),
        [
          ["shadowed", 1, "primary", "churn-prod"],
          ["shadowed", 2, "shadow", "churn-prod"],
        ],
      );
      assert.deepEqual(
        endpoint.outcomes.map((o) => [o.version.version, o.role, o.ok]),
        [
          [1, "primary", true],
          [2, "shadow", true],
        ],
      );
      const metadata = (await (await fetch(`${url}/v2/models/churn`)).json()) as { versions: string[] };
      const pinnedMetadata = (await (await fetch(`${url}/v2/models/churn/versions/2`)).json()) as { versions: string[] };
      assert.deepEqual([metadata.versions, pinnedMetadata.versions], [["1", "2"], ["2"]]);
      // A version pinned in the URL answers itself, with no shadow.
      const pinned = await post(`${url}/v2/models/churn/versions/2/infer`, { inputs: [{ name: "tenure", shape: [1], datatype: "FP64", data: [5] }, { name: "plan", shape: [1], datatype: "BYTES", data: ["basic"] }] });
      assert.equal((pinned.body as { model_version: string }).model_version, "2");
    } finally {
      await server.close();
    }
  });
});
