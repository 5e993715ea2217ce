/**
 * A deployment served by the model server over real HTTP, its versions loaded from the registry's
 * files: requests keyed by user are shared by the canary policy, and a candidate that crosses the
 * deployment's p99 threshold (set far below what any request takes) is rolled back by the server
 * itself, recorded with its figures, while every request is answered.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createDeployment, setCandidate } from "../../src/serve/deployment-actions.ts";
import { openDeployments } from "../../src/serve/serve-targets.ts";
import type { ModelServer } from "../../src/serve/server.ts";
import { silentLog } from "../../src/serve/serve-log.ts";
import { type TestProject, testProject } from "../helpers/project.ts";
import { churnTable, fit, post, register, serve } from "./serving-fixtures.ts";

const request = { inputs: [{ name: "tenure", shape: [1], datatype: "FP64", data: [12] }, { name: "plan", shape: [1], datatype: "BYTES", data: ["pro"] }] };
const ADA = { actor: "ada" };

/** One keyed request: the version that answered. */
async function infer(url: string, key: string): Promise<string> {
  const response = await fetch(`${url}/v2/models/churn-api/infer`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-request-key": key },
    body: JSON.stringify(request),
  });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return (JSON.parse(text) as { model_version: string }).model_version;
}

describe("a deployment on the model server", () => {
  let project: TestProject;
  let server: ModelServer | undefined;
  before(async () => {
    project = await testProject();
    const table = churnTable();
    await register(project, "churn", await fit(table, "churned", "logistic-regression"), "champion");
    await register(project, "churn", await fit(table, "churned", "decision-tree-classifier", { maxDepth: 2 }));
  });
  after(async () => {
    await server?.close();
    await project.cleanup();
  });

  it("routes keyed requests to a canary, then rolls back the candidate too slow for its p99 threshold", async () => {
    const { store, artifacts } = project;
    await createDeployment(store, { name: "churn-api", model: "churn@champion", thresholds: { maxP99Ms: 0.001, minRequests: 10 } }, ADA);
    await setCandidate(store, "churn-api", { model: "churn/2", policy: { kind: "canary", percent: 50 } }, ADA);
    const endpoints = await openDeployments(["churn-api"], { source: { store, artifacts }, pollMs: 50, log: silentLog });
    const served = await serve(project, { endpoints });
    server = served.server;
    const metadata = (await (await fetch(`${served.url}/v2/models/churn-api`)).json()) as { versions: string[] };
    assert.deepEqual(metadata.versions, ["1", "2"]);

    const answered: string[] = [];
    for (let i = 0; i < 60; i++) answered.push(await infer(served.url, `user-${i}`));
    assert.equal(answered.filter((v) => v === "2").length, 10, "the candidate answered the minimum number of requests, then no more");
    assert.ok(answered.slice(answered.lastIndexOf("2") + 1).every((v) => v === "1"));
    assert.equal((await post(`${served.url}/v2/models/churn-api/versions/2/infer`, request)).status, 404, "the rolled-back candidate is no longer loaded");

    // The server records the rollback without making a request wait for the write.
    let last = (await store.deploymentEvents("churn-api")).at(-1);
    for (let i = 0; i < 500 && last?.kind !== "auto_rollback"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      last = (await store.deploymentEvents("churn-api")).at(-1);
    }
    assert.equal(last?.kind, "auto_rollback");
    assert.match(last?.reason ?? "", /^automatic rollback: p99 latency [\d.]+ ms > 0\.001 ms$/);
    assert.equal(last?.figures?.requests, 10);
    assert.equal(last?.figures?.errors, 0);
    assert.ok((last?.figures?.p99Ms ?? 0) > 0.001);
    assert.equal((await store.getDeployment("churn-api"))?.candidate, null);
  });
});
