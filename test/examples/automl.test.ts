/** examples/automl: split → autoML (8 candidates) → gate on held-out accuracy → register as champion. */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import wine from "../../examples/automl/pipeline.ts";
import { closeAutomlPool } from "../../src/ml/automl/automl-pool.ts";
import type { LeaderboardEntry } from "../../src/ml/automl/leaderboard.ts";
import { type TestProject, testProject } from "../helpers/project.ts";

let project: TestProject;
before(async () => {
  project = await testProject();
});
after(async () => {
  await closeAutomlPool();
  await project.cleanup();
});

test("the AutoML pipeline's model passes the usual gate and is registered, with a leaderboard of every candidate", async () => {
  const { run, tasks } = await project.run(wine);
  assert.equal(run.status, "succeeded", run.error ?? "");
  const automl = tasks["auto-ml"]!;
  const events = await project.store.taskLineage(automl.id);
  const artifact = (name: string) => events.find((e) => e.kind === "output" && e.name === name)!.artifact!;
  const board = JSON.parse(await readFile(project.artifacts.localPath(artifact("leaderboard").uri), "utf8")) as {
    candidates: LeaderboardEntry[];
  };
  assert.equal(board.candidates.length, 8);
  assert.equal(board.candidates[0]!.kind, automl.outputs?.bestKind);
  assert.equal(board.candidates[0]!.score, automl.outputs?.bestScore);
  const features = JSON.parse(await readFile(project.artifacts.localPath(artifact("features").uri), "utf8"));
  assert.equal(features.kept.length, 13, "wine's 13 measurements are all kept");
  assert.equal(tasks["gate-model"]!.outputs?.passed, true);
  assert.deepEqual(tasks["register-model"]!.outputs, { registered: true, version: 1, uri: "models:/wine-automl/1" });
  const version = await project.store.getModelVersion("wine-automl", 1);
  assert.ok(version?.signature, "the version has the model's signature");
});
