/** examples/churn: nulls and categories → preprocessing + gradient boosting + a fanned-out grid search on ROC AUC + gate. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import churn from "../../examples/churn/pipeline.ts";
import { type TestProject, testProject } from "../helpers/project.ts";

let project: TestProject;
before(async () => {
  project = await testProject();
});
after(() => project.cleanup());

test("the churn pipeline searches a grid task by task, retrains the best candidate and passes its ROC AUC gate", async () => {
  const { run, tasks } = await project.run(churn);
  assert.equal(run.status, "succeeded", run.error ?? "");
  const cv = Object.values(tasks).filter((t) => t.name.startsWith("cross-validate-model["));
  assert.equal(cv.length, 4, "one cross-validation task per grid candidate");
  const scores = cv.map((t) => t.outputs?.score as number);
  const best = tasks["select-best"]!.outputs!;
  assert.equal(best.score, Math.max(...scores));
  assert.deepEqual(best.params, cv[best.index as number]!.outputs?.params);

  const heldOut = tasks["evaluate-model"]!.outputs?.scores as Record<string, number>;
  assert.ok(heldOut.rocAuc! >= 0.75, `held-out ROC AUC ${heldOut.rocAuc}`);
  assert.ok(heldOut.accuracy! >= 0.7, `held-out accuracy ${heldOut.accuracy}`);
  assert.equal(tasks["gate-model"]!.outputs?.passed, true);
  assert.deepEqual(tasks["profile-data"]!.outputs, { rows: 3000, columns: 10 });
});

test("a second run is served wholly from the cache", async () => {
  const { run, tasks } = await project.run(churn);
  assert.equal(run.status, "succeeded");
  const notCached = Object.values(tasks).filter((t) => t.status !== "cached" && !t.name.startsWith("grid-search"));
  assert.deepEqual(notCached.map((t) => `${t.name} ${t.status}`), []);
});
