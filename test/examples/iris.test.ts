/** examples/iris: ingest → validate → random forest → gate on held-out accuracy. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import iris from "../../examples/iris/pipeline.ts";
import { type TestProject, testProject } from "../helpers/project.ts";

let project: TestProject;
before(async () => {
  project = await testProject();
});
after(() => project.cleanup());

test("the iris pipeline trains a random forest that passes its accuracy gate", async () => {
  const { run, tasks } = await project.run(iris);
  assert.equal(run.status, "succeeded", run.error ?? "");
  assert.deepEqual(Object.keys(tasks).sort(), ["evaluate-model", "gate-model", "ingest-csv", "split-data", "train-model", "validate-data"]);
  const scores = tasks["evaluate-model"]!.outputs?.scores as Record<string, number>;
  assert.ok(scores.accuracy! >= 0.9, `accuracy ${scores.accuracy}`);
  assert.equal(tasks["gate-model"]!.outputs?.passed, true);
});

test("a stricter gate than the model can meet fails the run at the gate", async () => {
  const { run, tasks } = await project.run(iris, { min: { accuracy: 0.999 } });
  assert.equal(run.status, "failed");
  assert.equal(tasks["train-model"]!.status, "cached");
  assert.match(tasks["gate-model"]!.error ?? "", /^model gate failed: accuracy 0\.9\d* is below the minimum 0\.999/);
});
