/** runAutoML: the same seed and trial budget give the same search and model; a budget too small for one candidate is refused. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, test } from "node:test";
import { closeAutomlPool } from "../../../src/ml/automl/automl-pool.ts";
import { type AutoMLOptions, runAutoML } from "../../../src/ml/automl/run-automl.ts";
import { isConveyorError } from "../../../src/errors.ts";
import { loadSplitDataset } from "../linear-datasets.ts";

after(() => closeAutomlPool());

const options: AutoMLOptions = {
  target: "target",
  task: "classification",
  scoring: "",
  folds: 3,
  seed: 3,
  trials: 7,
  seconds: 0,
  threads: 2,
};

test("two runs with one seed and trial budget give the same leaderboard and the same model, byte for byte", async () => {
  const { train } = await loadSplitDataset("iris");
  const runs = [await runAutoML(train, options), await runAutoML(train, options)];
  // Seconds are measured, so they differ from run to run; everything else must not.
  const boards = runs.map((r) => r.leaderboard.map(({ seconds, ...entry }) => entry));
  assert.deepEqual(boards[0], boards[1]);
  assert.equal(boards[0]!.length, 7);
  assert.deepEqual(
    boards[0]!.map((e) => e.rank),
    [1, 2, 3, 4, 5, 6, 7],
  );
  const kinds = new Set(boards[0]!.map((e) => e.kind));
  assert.equal(kinds.size, 5, "every classification family's defaults are tried first");
  const digests = runs.map((r) => createHash("sha256").update(JSON.stringify(r.model.toJSON())).digest("hex"));
  assert.equal(digests[0], digests[1]);
  assert.equal(runs[0]!.model.kind, runs[0]!.best.kind);
});

test("a time budget too small for one candidate is a clear error, not an empty model", async () => {
  const { train } = await loadSplitDataset("iris");
  await assert.rejects(
    runAutoML(train, { ...options, trials: 0, seconds: 1e-6 }),
    (error) => isConveyorError(error) && /budget ran out before any candidate was cross-validated/.test(error.message) && /more seconds/.test(error.hint ?? ""),
  );
});

test("no budget at all is refused before any work", async () => {
  const { train } = await loadSplitDataset("iris");
  await assert.rejects(runAutoML(train, { ...options, trials: 0, seconds: 0 }), /AutoML was given no budget/);
});
