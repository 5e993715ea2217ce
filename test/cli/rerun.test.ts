/** `conveyor rerun`: the same IR, params and input data again, recomputed, with the same metrics. */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { before, describe, it } from "node:test";
import { assertUserError, json, type Project, project, SDK } from "./harness.ts";

// The metric depends on the file's content and the param: a rerun over the same data reproduces it.
const SCORE = `import { readFile } from "node:fs/promises";
import { component, param, pipeline } from ${JSON.stringify(SDK)};
export const score = component({
  name: "score",
  inputs: { data: param.file(), scale: param.number({ default: 1 }) },
  outputs: {},
  async run({ data, scale }, ctx) {
    const values = (await readFile(data, "utf8")).trim().split(",").map(Number);
    ctx.metric("mean", (scale * values.reduce((a, b) => a + b, 0)) / values.length);
    ctx.metric("max", Math.max(...values), 1);
  },
});
export default pipeline({ name: "scores", params: { data: param.file({ default: "data.csv" }), scale: param.number({ default: 1 }) } }, (p) => {
  score({ data: p.data, scale: p.scale });
});
`;

interface Finished {
  run: { id: string; experiment: string; trigger: string; params: Record<string, unknown>; status: string };
  /** Task → metric → latest value. */
  metrics: Record<string, Record<string, number>>;
  tasks: { name: string; status: string }[];
}

describe("conveyor rerun", () => {
  let p: Project;
  let original: Finished;
  before(async () => {
    p = await project();
    await p.write("scores.ts", SCORE);
    await p.write("data.csv", "1,2,3,10\n");
    original = json<Finished>(await p.cli("run", "scores.ts", "--param", "scale=2", "--experiment", "lab", "--json"));
  });

  it("recomputes the run with the same params in the same experiment, and its metrics equal the original's", async () => {
    const rerun = json<Finished>(await p.cli("rerun", original.run.id, "--json"));
    assert.notEqual(rerun.run.id, original.run.id);
    assert.equal(rerun.run.status, "succeeded");
    assert.equal(rerun.run.trigger, `rerun:${original.run.id}`);
    assert.equal(rerun.run.experiment, "lab");
    assert.deepEqual(rerun.run.params, original.run.params);
    assert.deepEqual(rerun.tasks.map((t) => [t.name, t.status]), [["score", "succeeded"]], "a rerun recomputes instead of reusing the cache");
    assert.deepEqual(rerun.metrics, original.metrics);
    assert.deepEqual(original.metrics, { score: { mean: 8, max: 10 } });

    const cached = json<Finished>(await p.cli("rerun", original.run.id.slice(0, 8), "--cache", "--json"));
    assert.deepEqual(cached.tasks.map((t) => t.status), ["cached"]);
  });

  it("refuses, naming the file and leaving the store unchanged, when an input file's content changed", async () => {
    const other = await project();
    await other.write("scores.ts", SCORE);
    await other.write("data.csv", "1,2\n");
    const run = json<Finished>(await other.cli("run", "scores.ts", "--json"));
    await other.write("data.csv", "1,2,3\n");
    const before = await other.fingerprint();
    assertUserError(await other.cli("rerun", run.run.id), 'input file "data.csv" has changed', run.run.id);
    assert.equal(await other.fingerprint(), before);
  });

  it("refuses a run logged with the tracking API: it has no pipeline to run", async () => {
    const script = await p.write("track.ts", `import { endRun, startRun } from ${JSON.stringify(SDK)};\nawait startRun({ experiment: "notebook" });\nconsole.log((await endRun()).id);\n`);
    const { CONVEYOR_DB: _db, ...env } = process.env;
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", script], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      env: { ...env, CONVEYOR_ROOT: p.dir },
    });
    const before = await p.fingerprint();
    assertUserError(await p.cli("rerun", stdout.trim()), "has no pipeline to run again", "tracking API");
    assert.equal(await p.fingerprint(), before);
  });

  it("names an unknown run", async () => {
    assertUserError(await p.cli("rerun", "zzzzzzzz"), 'run "zzzzzzzz" was not found');
  });
});
