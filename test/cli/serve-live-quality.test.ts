/**
 * `conveyor serve <deployment>` judges the candidate on live quality: the labels posted to the
 * server join its prediction log, and a canary whose answers they say are wrong is rolled back
 * by the command itself, recorded with the figures. Two workers share the port, so labels for one
 * worker's answers may arrive at the other: the log joins them all.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { getColumn } from "../../src/ml/table.ts";
import { createDeployment, setCandidate } from "../../src/serve/deployment-actions.ts";
import { type TestProject, testProject } from "../helpers/project.ts";
import { churnTable, fit, flippedChurn, post, register } from "../serve/serving-fixtures.ts";
import { assertOk, listeningUrl, project } from "./harness.ts";

describe("conveyor serve: live quality", { timeout: 90_000 }, () => {
  let registry: TestProject;
  before(async () => {
    registry = await testProject();
    const table = churnTable();
    await register(registry, "churn", await fit(table, "churned", "logistic-regression"), "champion");
    await register(registry, "churn", await fit(flippedChurn(table), "churned", "decision-tree-classifier", { maxDepth: 4 }));
    await createDeployment(registry.store, { name: "churn-api", model: "churn@champion", thresholds: { minQuality: 0.9, minLabelled: 10 } }, { actor: "test" });
    await setCandidate(registry.store, "churn-api", { model: "churn/2", policy: { kind: "canary", percent: 50 } }, { actor: "test" });
  });
  after(() => registry.cleanup());

  it("rolls back a canary whose labelled answers are wrong, with two workers", async () => {
    const cli = await project(registry.dir);
    const { child, done } = cli.start("serve", "churn-api", "--port", "0", "--workers", "2", "--poll-ms", "100");
    const url = await listeningUrl(child);
    const table = churnTable();
    const tenure = getColumn(table, "tenure").values as Float64Array;
    const plan = getColumn(table, "plan").values as readonly string[];
    const churned = getColumn(table, "churned").values as readonly string[];
    let candidate = 0;
    for (let i = 0; i < 60; i++) {
      const body = { id: `q-${i}`, inputs: [{ name: "tenure", shape: [1], datatype: "FP64", data: [tenure[i]] }, { name: "plan", shape: [1], datatype: "BYTES", data: [plan[i]] }] };
      const response = await fetch(`${url}/v2/models/churn-api/infer`, { method: "POST", headers: { "content-type": "application/json", "x-request-key": `user-${i}` }, body: JSON.stringify(body) });
      assert.equal(response.status, 200);
      if (((await response.json()) as { model_version: string }).model_version === "2") candidate++;
      assert.equal((await post(`${url}/v2/feedback`, { id: `q-${i}`, label: churned[i] })).status, 202);
    }
    assert.ok(candidate >= 10, `the candidate answered ${candidate} of 60`);
    // The logs are written every 10 s: the rollback follows the next write.
    let last = (await registry.store.deploymentEvents("churn-api")).at(-1);
    for (let i = 0; i < 600 && last?.kind !== "auto_rollback"; i++) {
      await sleep(100);
      last = (await registry.store.deploymentEvents("churn-api")).at(-1);
    }
    child.kill("SIGTERM");
    assertOk(await done);
    assert.equal(last?.kind, "auto_rollback");
    assert.match(last?.reason ?? "", /^automatic rollback: accuracy 0(\.\d+)? < 0\.9$/);
    assert.ok((last?.figures?.labelled ?? 0) >= 10);
    assert.equal((await registry.store.getDeployment("churn-api"))?.candidate, null);
  });
});
