/** examples/diabetes: regression with a ridge penalty tuned by cross-validation, gated on R² and RMSE. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import diabetes from "../../examples/diabetes/pipeline.ts";
import { type TestProject, testProject } from "../helpers/project.ts";

let project: TestProject;
before(async () => {
  project = await testProject();
});
after(() => project.cleanup());

test("the diabetes pipeline tunes a ridge regression that passes its R² gate", async () => {
  const { run, tasks } = await project.run(diabetes);
  assert.equal(run.status, "succeeded", run.error ?? "");
  const scores = tasks["evaluate-model"]!.outputs?.scores as Record<string, number>;
  assert.ok(scores.r2! >= 0.4, `R² ${scores.r2}`);
  assert.ok(scores.rmse! < 65, `RMSE ${scores.rmse}`);
  const { alpha } = tasks["tune-model"]!.outputs!.bestParams as { alpha: number };
  assert.ok([0.001, 0.01, 0.1, 1, 10].includes(alpha), `alpha ${alpha}`);
  assert.equal(tasks["gate-model"]!.outputs?.passed, true);
});
