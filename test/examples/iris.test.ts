/** examples/iris: ingest → validate → random forest → gate on held-out accuracy → register as champion. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import iris from "../../examples/iris/pipeline.ts";
import { type TestProject, testProject } from "../helpers/project.ts";

let project: TestProject;
before(async () => {
  project = await testProject();
});
after(() => project.cleanup());

test("the iris pipeline trains a random forest that passes its accuracy gate and becomes the champion", async () => {
  const { run, tasks } = await project.run(iris);
  assert.equal(run.status, "succeeded", run.error ?? "");
  assert.deepEqual(Object.keys(tasks).sort(), [
    "evaluate-model",
    "gate-model",
    "ingest-csv",
    "register-model",
    "split-data",
    "train-model",
    "validate-data",
  ]);
  const scores = tasks["evaluate-model"]!.outputs?.scores as Record<string, number>;
  assert.ok(scores.accuracy! >= 0.9, `accuracy ${scores.accuracy}`);
  assert.equal(tasks["gate-model"]!.outputs?.passed, true);
  assert.deepEqual(tasks["register-model"]!.outputs, { registered: true, version: 1, uri: "models:/iris/1" });
  const champion = await project.store.getModelVersion("iris", 1);
  assert.deepEqual(champion?.aliases, ["champion"]);
  assert.equal(champion?.metrics.accuracy, scores.accuracy);
  assert.ok(champion?.signature, "the version has the model's signature");
});

test("the same model again leaves the champion where it is", async () => {
  const { run, tasks } = await project.run(iris);
  assert.equal(run.status, "succeeded", run.error ?? "");
  assert.equal(tasks["train-model"]!.status, "cached");
  assert.equal(tasks["register-model"]!.status, "succeeded", "registering is never a cache hit");
  assert.deepEqual(tasks["register-model"]!.outputs, { registered: false, version: 0, uri: "" });
  assert.deepEqual((await project.store.getModel("iris"))?.aliases, { champion: 1 });
});

test("a stricter gate than the model can meet fails the run at the gate, and nothing is registered", async () => {
  const { run, tasks } = await project.run(iris, { min: { accuracy: 0.999 } });
  assert.equal(run.status, "failed");
  assert.equal(tasks["train-model"]!.status, "cached");
  assert.match(tasks["gate-model"]!.error ?? "", /^model gate failed: accuracy 0\.9\d* is below the minimum 0\.999/);
  assert.equal(tasks["register-model"]!.status, "skipped");
  assert.equal((await project.store.getModel("iris"))?.latestVersion, 1);
});
