/**
 * Live quality: a deployment's candidate judged on its labelled predictions. A real model server
 * writes the prediction log, clients post the true outcomes to `POST /v2/feedback`, and the
 * deployment endpoint measures the candidate's accuracy from the log. A candidate trained on
 * flipped labels is rolled back by the server, recorded with its figures; a good one keeps serving.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { getColumn } from "../../src/ml/table.ts";
import { createDeployment, setCandidate } from "../../src/serve/deployment-actions.ts";
import { measureLiveQuality } from "../../src/serve/live-quality.ts";
import { PredictionLog } from "../../src/serve/prediction-log/prediction-log.ts";
import { openServeLogs, type ServeLogs } from "../../src/serve/prediction-log/serve-logs.ts";
import type { ServeLog } from "../../src/serve/serve-log.ts";
import { openDeployments } from "../../src/serve/serve-targets.ts";
import type { ModelServer } from "../../src/serve/server.ts";
import type { DeploymentEvent } from "../../src/store/deployment-types.ts";
import { type TestProject, testProject } from "../helpers/project.ts";
import { record } from "./prediction-records.ts";
import { churnTable, fit, flippedChurn, post, register, serve } from "./serving-fixtures.ts";

const ADA = { actor: "ada" };

/** Keeps the server's log lines, so the test can wait for a measure it needs. */
function keptLog(): ServeLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (_f, message) => lines.push(message), error: (_f, message) => lines.push(message) };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let i = 0; i < 2000; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(10);
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe("live quality rollback", () => {
  let project: TestProject;
  let logs: ServeLogs;
  let server: ModelServer | undefined;
  let url: string;
  const log = keptLog();
  const table = churnTable();
  const tenure = getColumn(table, "tenure").values as Float64Array;
  const plan = getColumn(table, "plan").values as readonly string[];
  const churned = getColumn(table, "churned").values as readonly string[];

  before(async () => {
    project = await testProject();
    await register(project, "churn", await fit(table, "churned", "logistic-regression"), "champion");
    await register(project, "churn", await fit(flippedChurn(table), "churned", "decision-tree-classifier", { maxDepth: 4 }));
    await register(project, "churn", await fit(table, "churned", "decision-tree-classifier", { maxDepth: 4 }));
    const { store, artifacts } = project;
    await createDeployment(store, { name: "churn-api", model: "churn@champion", thresholds: { minQuality: 0.9, minLabelled: 10 } }, ADA);
    logs = await openServeLogs({ store, root: project.dir });
    const labels = { store, root: project.dir };
    const endpoints = await openDeployments(["churn-api"], { source: { store, artifacts }, pollMs: 50, log, labels });
    const served = await serve(project, { endpoints, predictionLog: logs.predictions, feedbackLog: logs.labels, log });
    server = served.server;
    url = served.url;
  });
  after(async () => {
    await server?.close();
    await logs?.close();
    await project.cleanup();
  });

  /** Sends rows of the churn table, keyed by user, then posts each one's true outcome; returns how many the candidate answered. */
  async function trafficWithLabels(prefix: string, version: string): Promise<number> {
    let candidate = 0;
    for (let i = 0; i < 60; i++) {
      const id = `${prefix}-${i}`;
      const body = { inputs: [{ name: "tenure", shape: [1], datatype: "FP64", data: [tenure[i]] }, { name: "plan", shape: [1], datatype: "BYTES", data: [plan[i]] }] };
      const response = await fetch(`${url}/v2/models/churn-api/infer`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-request-key": id, "x-request-id": id },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 200);
      if (((await response.json()) as { model_version: string }).model_version === version) candidate++;
    }
    const answer = await post(`${url}/v2/feedback`, Array.from({ length: 60 }, (_, i) => ({ id: `${prefix}-${i}`, label: churned[i] })));
    assert.equal(answer.status, 202, answer.text);
    await Promise.all([logs.predictions.flush(), logs.labels.flush()]);
    return candidate;
  }

  const lastEvent = async (): Promise<DeploymentEvent | undefined> => (await project.store.deploymentEvents("churn-api")).at(-1);

  it("rolls back a candidate whose labelled predictions are mostly wrong, with the figures", async () => {
    await setCandidate(project.store, "churn-api", { model: "churn/2", policy: { kind: "canary", percent: 50 } }, ADA);
    await until("the candidate to serve", async () => ((await (await fetch(`${url}/v2/models/churn-api`)).json()) as { versions: string[] }).versions.includes("2") || undefined);
    const answered = await trafficWithLabels("bad", "2");
    assert.ok(answered >= 10, `the candidate answered ${answered} of 60`);

    const rollback = await until("the automatic rollback", async () => {
      const event = await lastEvent();
      return event?.kind === "auto_rollback" ? event : undefined;
    });
    assert.match(rollback.reason ?? "", /^automatic rollback: accuracy 0(\.\d+)? < 0\.9$/);
    assert.equal(rollback.figures?.labelled, answered);
    assert.ok((rollback.figures?.accuracy ?? 1) < 0.9);
    assert.equal(rollback.figures?.rmse, undefined, "a classifier has no RMSE");
    assert.equal((await project.store.getDeployment("churn-api"))?.candidate, null);
  });

  it("keeps a candidate whose labelled predictions are right", async () => {
    await setCandidate(project.store, "churn-api", { model: "churn/3", policy: { kind: "canary", percent: 50 } }, ADA);
    await until("the candidate to serve", async () => ((await (await fetch(`${url}/v2/models/churn-api`)).json()) as { versions: string[] }).versions.includes("3") || undefined);
    const answered = await trafficWithLabels("good", "3");
    assert.ok(answered >= 10, `the candidate answered ${answered} of 60`);
    await until("the candidate's measure", () => log.lines.find((l) => l === `churn-api: models:/churn/3 live accuracy 1 over ${answered} labelled predictions`));
    assert.equal((await lastEvent())?.kind, "canary");
    assert.equal((await project.store.getDeployment("churn-api"))?.candidate?.model, "models:/churn/3");
  });

  it("refuses live quality thresholds that cannot be met, naming them", async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ maxRmse: 0 }, /^rollback threshold maxRmse 0 is not valid$/],
      [{ minLabelled: 0.5 }, /^rollback threshold minLabelled 0\.5 is not valid$/],
      [{ minQuality: 1.5 }, /^rollback threshold minQuality 1\.5 is not valid$/],
    ];
    for (const [thresholds, message] of cases) {
      await assert.rejects(createDeployment(project.store, { name: "refused", model: "churn@champion", thresholds }, ADA), (error: Error & { hint?: string }) => {
        assert.match(error.message, message);
        assert.ok(error.hint?.startsWith("give "), error.hint);
        return true;
      });
    }
    assert.equal(await project.store.getDeployment("refused"), undefined);
  });

  it("measures a regressor's RMSE and matches classes given as numbers or text", async () => {
    const predictions = await PredictionLog.open({ store: project.store, root: project.dir });
    const from = new Date(Date.now() - 1000);
    const at = new Date();
    for (let i = 0; i < 4; i++) predictions.append(record(i, { requestId: `price-${i}`, deployment: "price-api", model: "price", version: 1, prediction: 10 + i, probabilities: null, time: at }));
    predictions.append(record(4, { requestId: "class-0", deployment: "kind-api", model: "kind", version: 1, prediction: 1, time: at }));
    predictions.append(record(5, { requestId: "class-1", deployment: "kind-api", model: "kind", version: 1, prediction: 0, time: at }));
    await predictions.close();
    const labels = [
      ...[10, 13, 12, 13].map((label, i) => ({ id: `price-${i}`, label })),
      { id: "class-0", label: "1" },
      { id: "class-1", label: 1 },
    ];
    assert.equal((await post(`${url}/v2/feedback`, labels)).status, 202);
    await logs.labels.flush();
    const source = { store: project.store, root: project.dir };
    // Errors 0, 2, 0, 0: RMSE √(4/4) = 1.
    assert.deepEqual(await measureLiveQuality(source, { deployment: "price-api", model: "price", version: 1, task: "regression", from }), { labelled: 4, accuracy: null, rmse: 1 });
    assert.deepEqual(await measureLiveQuality(source, { deployment: "kind-api", model: "kind", version: 1, task: "classification", from }), { labelled: 2, accuracy: 0.5, rmse: null });
    assert.deepEqual(await measureLiveQuality(source, { deployment: "nobody", model: "kind", version: 1, task: "classification", from }), { labelled: 0, accuracy: null, rmse: null });
  });
});
