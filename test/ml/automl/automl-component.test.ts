/** The autoML component with a budget too small for one candidate: the task fails saying so, and no model is recorded. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { autoML, ingestCsv, pipeline } from "../../../src/index.ts";
import { REPO_ROOT, type TestProject, testProject } from "../../helpers/project.ts";

let project: TestProject;
before(async () => {
  project = await testProject();
});
after(() => project.cleanup());

test("a time budget that runs out before one candidate fails the task with a clear error and no model", async () => {
  const tooShort = pipeline({ name: "automl-too-short" }, () => {
    const raw = ingestCsv({ path: join(REPO_ROOT, "data", "iris.csv") });
    autoML({ data: raw.outputs.data, target: "target", task: "classification", seconds: 0.000001 });
  });
  const { run, tasks } = await project.run(tooShort);
  assert.equal(run.status, "failed");
  const task = tasks["auto-ml"]!;
  assert.equal(task.status, "failed");
  assert.match(task.error ?? "", /the AutoML budget ran out before any candidate was cross-validated/);
  const outputs = (await project.store.taskLineage(task.id)).filter((e) => e.kind === "output");
  assert.deepEqual(outputs, [], "nothing is recorded for a failed search");
});
