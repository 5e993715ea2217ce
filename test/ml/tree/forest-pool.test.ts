import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, test } from "node:test";
import { closeForestPool, forestPool } from "../../../src/ml/models/tree/forest-pool.ts";
import { RandomForestClassifier } from "../../../src/ml/models/tree/random-forest-classifier.ts";
import { noisyProblem } from "./synthetic.ts";

after(closeForestPool);

const { x, y } = noisyProblem(400, 5, 4);
const fit = async (threads: number) =>
  JSON.stringify((await RandomForestClassifier.fit(x, y, { threads, nEstimators: 40 })).toJSON());

test("fits one after another share the pool's workers, started once", async () => {
  const first = await fit(2);
  const workers = forestPool.threadIds;
  assert.equal(workers.length, 1);
  assert.equal(await fit(2), first);
  assert.deepEqual(forestPool.threadIds, workers);
  // A fit on more threads adds workers to the pool rather than replacing it.
  assert.equal(await fit(3), first);
  assert.equal(forestPool.threadIds.length, 2);
  assert.equal(forestPool.threadIds[0], workers[0]);
});

test("a fit that finds the pool taken grows its own trees, and the same forest", async () => {
  const alone = await fit(1);
  assert.deepEqual(await Promise.all([fit(2), fit(2), fit(3)]), [alone, alone, alone]);
});

test("the pool does not keep the process alive once the fit is done", () => {
  const forest = new URL("../../../src/ml/models/tree/random-forest-classifier.ts", import.meta.url).href;
  const script = `
    const { RandomForestClassifier } = await import(${JSON.stringify(forest)});
    const x = { rows: 4, cols: 1, data: Float64Array.of(1, 2, 3, 4) };
    await RandomForestClassifier.fit(x, [0, 0, 1, 1], { threads: 2, nEstimators: 200 });
    console.log("fitted");
  `;
  // Idle workers are closed after 30 s; a process they kept alive would run until then.
  const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    encoding: "utf8",
    timeout: 20_000,
  });
  assert.equal(child.signal, null, "the process had to be killed: something kept it alive");
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), "fitted");
});
