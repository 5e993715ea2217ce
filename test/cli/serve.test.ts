/** `conveyor serve`: the model server as a command, in one process or several sharing the port. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getColumn, type Table } from "../../src/ml/table.ts";
import { readLabelledPredictions, readPredictions } from "../../src/serve/prediction-log/read-predictions.ts";
import { type TestProject, testProject } from "../helpers/project.ts";
import { churnTable, fit, post, register } from "../serve/serving-fixtures.ts";
import { assertOk, assertUserError, listeningUrl, project } from "./harness.ts";

const requestIds = (table: Table): unknown[] => Array.from<unknown>(getColumn(table, "request_id").values);

const request = { inputs: [{ name: "tenure", shape: [1], datatype: "FP64", data: [3] }, { name: "plan", shape: [1], datatype: "BYTES", data: ["pro"] }] };

describe("conveyor serve", { timeout: 60_000 }, () => {
  let registry: TestProject;
  before(async () => {
    registry = await testProject();
    await register(registry, "churn", await fit(churnTable(), "churned", "logistic-regression"), "champion");
  });
  after(() => registry.cleanup());

  for (const workers of ["1", "2"]) {
    it(`serves a registered model with --workers ${workers}, logs its answers and labels, and writes them on SIGTERM`, async () => {
      const cli = await project(registry.dir);
      const { child, done } = cli.start("serve", "models:/churn@champion", "--port", "0", "--workers", workers);
      const url = await listeningUrl(child);
      const ids = [0, 1, 2, 3].map((i) => `workers-${workers}-${i}`);
      for (const id of ids) {
        const response = await post(`${url}/v2/models/churn/infer`, { ...request, id });
        assert.equal(response.status, 200, response.text);
        assert.equal((response.body as { model_version: string }).model_version, "1");
      }
      const feedback = await post(`${url}/v2/feedback`, { id: ids[2], label: "yes" });
      assert.equal(feedback.status, 202, feedback.text);
      child.kill("SIGTERM");
      const result = await done;
      assertOk(result);
      // The rows were still in memory at SIGTERM (the flush interval is 10 s): stopping wrote them.
      const logged = await readPredictions(registry.store, { root: registry.dir, model: "churn" });
      assert.deepEqual(requestIds(logged).filter((id) => ids.includes(id as string)).sort(), ids);
      const labelled = await readLabelledPredictions(registry.store, { root: registry.dir, model: "churn" });
      assert.ok(requestIds(labelled).includes(ids[2]));
      if (workers === "1") assert.match(result.stdout, /churn \(version 1\): http:\/\/127\.0\.0\.1:\d+\/v2\/models\/churn\/infer/);
      else assert.match(result.stdout, /with 2 workers/);
    });
  }

  it("keeps no log with --no-log, and then has no feedback route", async () => {
    const cli = await project(registry.dir);
    const { child, done } = cli.start("serve", "models:/churn@champion", "--port", "0", "--no-log");
    const url = await listeningUrl(child);
    const response = await post(`${url}/v2/models/churn/infer`, { ...request, id: "unlogged" });
    assert.equal(response.status, 200, response.text);
    assert.equal((await post(`${url}/v2/feedback`, { id: "unlogged", label: "yes" })).status, 404);
    child.kill("SIGTERM");
    assertOk(await done);
    const logged = await readPredictions(registry.store, { root: registry.dir, model: "churn" });
    assert.ok(!requestIds(logged).includes("unlogged"));
  });

  it("refuses a reference to nothing, naming it, without a stack trace", async () => {
    const cli = await project(registry.dir);
    assertUserError(await cli.cli("serve", "models:/churn@staging", "--port", "0"), 'model "churn" has no alias "staging"');
    assertUserError(await cli.cli("serve", "models:/nope/1", "--port", "0", "--workers", "2"), 'model "nope" was not found');
    assertUserError(await cli.cli("serve", "churn", "--port", "0"), '"churn" is neither a deployment', "nor a model reference");
    assertUserError(await cli.cli("serve", "churn", "--port", "0", "--workers", "2"), '"churn" is neither a deployment', "conveyor deploy list");
    assertUserError(await cli.cli("serve", "models:/churn/1", "--workers", "0"), "--workers must be a whole number from 1");
    assertUserError(await cli.cli("serve", "models:/churn/1", "--log-sample", "2"), "--log-sample must be a fraction of requests in (0, 1]");
    process.env.CONVEYOR_URL = "http://127.0.0.1:9";
    try {
      assertUserError(await cli.cli("serve", "models:/churn/1"), "not available with CONVEYOR_URL", "unset it");
    } finally {
      delete process.env.CONVEYOR_URL;
    }
  });
});
