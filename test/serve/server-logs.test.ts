/**
 * The model server with its logs: what it answers goes to the prediction log, labels posted to
 * POST /v2/feedback join it by request id, and /metrics counts the logs' rows.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getColumn, type Table } from "../../src/ml/table.ts";
import { readLabelledPredictions } from "../../src/serve/prediction-log/read-predictions.ts";
import { openServeLogs, type ServeLogs } from "../../src/serve/prediction-log/serve-logs.ts";
import type { ModelServer } from "../../src/serve/server.ts";
import { type TestProject, testProject } from "../helpers/project.ts";
import { churnTable, fit, post, register, serve } from "./serving-fixtures.ts";

const values = (table: Table, name: string): unknown[] => Array.from<unknown>(getColumn(table, name).values);

const infer = (id: string, tenure: number[]) => ({
  id,
  inputs: [
    { name: "tenure", shape: [tenure.length], datatype: "FP64", data: tenure },
    { name: "plan", shape: [tenure.length], datatype: "BYTES", data: tenure.map(() => "pro") },
  ],
});

describe("the model server's prediction log and feedback", () => {
  let project: TestProject;
  let logs: ServeLogs;
  let server: ModelServer;
  let url: string;
  before(async () => {
    project = await testProject();
    await register(project, "churn", await fit(churnTable(), "churned", "logistic-regression"), "champion");
    logs = await openServeLogs({ store: project.store, root: project.dir });
    ({ server, url } = await serve(project, { models: ["models:/churn@champion"], predictionLog: logs.predictions, feedbackLog: logs.labels }));
  });
  after(async () => {
    await server.close();
    await logs.close();
    await project.cleanup();
  });

  it("logs each answered row, and joins the labels posted for them", async () => {
    const one = await post(`${url}/v2/models/churn/infer`, infer("req-1", [3]));
    const two = await post(`${url}/v2/models/churn/infer`, infer("req-2", [40, 2]));
    assert.equal(one.status, 200, one.text);
    assert.equal(two.status, 200, two.text);
    const predicted = (two.body as { outputs: { data: unknown[] }[] }).outputs[0]!.data;

    const feedback = await post(`${url}/v2/feedback`, [
      { id: "req-2", row: 1, label: 1 },
      { id: "req-1", label: 0 },
    ]);
    assert.deepEqual({ status: feedback.status, body: feedback.body }, { status: 202, body: { accepted: 2 } });
    const refused = await post(`${url}/v2/feedback`, { id: "req-1", row: -1, label: 0 });
    assert.equal(refused.status, 400, refused.text);
    assert.match((refused.body as { error: string }).error, /row/);

    await Promise.all([logs.predictions.flush(), logs.labels.flush()]);
    const labelled = await readLabelledPredictions(project.store, { root: project.dir, model: "churn" });
    const byRequest = values(labelled, "request_id").map((id, i) => `${id}/${values(labelled, "row")[i]}`);
    assert.deepEqual(byRequest.sort(), ["req-1/0", "req-2/1"]);
    const row = byRequest.indexOf("req-2/1");
    assert.equal(values(labelled, "label")[row], 1);
    assert.equal(values(labelled, "prediction")[row], predicted[1]);
    assert.equal(values(labelled, "feature.tenure")[row], 2);

    const metrics = await (await fetch(`${url}/metrics`)).text();
    assert.match(metrics, /conveyor_prediction_log_rows_total\{log="predictions",outcome="written"\} 3/);
    assert.match(metrics, /conveyor_prediction_log_rows_total\{log="labels",outcome="dropped"\} 0/);
  });
});
