/** `conveyor runs delete`, `conveyor models delete` and `conveyor gc`, each with --dry-run. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { before, describe, it } from "node:test";
import { assertOk, assertUserError, json, type Project, project, SDK } from "./harness.ts";

// Every run makes the same dataset (the second reuses it from the cache) and its own model.
const FOREST = `import { component, Dataset, Model, param, pipeline } from ${JSON.stringify(SDK)};
export const make = component({
  name: "make",
  inputs: {},
  outputs: { data: Dataset },
  async run({ data }) {
    await data.writeText("x\\n1\\n2\\n");
  },
});
export const fit = component({
  name: "fit",
  inputs: { data: Dataset, trees: param.int() },
  outputs: { model: Model },
  async run({ trees, model }) {
    await model.writeJson({ trees });
  },
});
export default pipeline({ name: "forest", params: { trees: param.int({ default: 1 }) } }, (p) => {
  const m = make({});
  fit({ data: m.outputs.data, trees: p.trees });
});
`;

interface Collected {
  dryRun: boolean;
  artifacts: { digest: string; type: string; uri: string }[];
  files: { uri: string; digest: string; size: number }[];
  unrecorded: { uri: string; digest: string; size: number }[];
  bytes: number;
}

describe("deleting runs and model versions, and collecting garbage", () => {
  let p: Project;
  let first: string;
  let second: string;
  before(async () => {
    p = await project();
    await p.write("forest.ts", FOREST);
    const run = async (trees: number) => json<{ run: { id: string } }>(await p.cli("run", "forest.ts", "--param", `trees=${trees}`, "--json")).run.id;
    first = await run(1);
    second = await run(2);
    assertOk(await p.cli("models", "register", "forest", "--run", second, "--task", "fit", "--alias", "champion"));
    assertOk(await p.cli("models", "register", "forest", "--run", first, "--task", "fit"));
  });

  async function unchanged(...args: string[]) {
    const before = await p.fingerprint();
    const result = await p.cli(...args);
    assert.equal(await p.fingerprint(), before, `\`conveyor ${args.join(" ")}\` changed the store`);
    return result;
  }

  it("refuses what is still in use, naming what uses it, and bad input, changing nothing", async () => {
    assertUserError(await unchanged("runs", "delete", first), `run ${first} produced registered model versions: models:/forest/2`);
    assertUserError(await unchanged("models", "delete", "forest", "1"), 'alias "champion"', "conveyor models alias");
    assertUserError(await unchanged("models", "delete", "forest", "9"), 'model "forest" has no version 9');
    assertUserError(await unchanged("models", "delete", "nope", "1"), 'model "nope" was not found');
    assertUserError(await unchanged("models", "delete", "forest", "x"), 'version must be a whole number from 1, got "x"');
    assertUserError(await unchanged("runs", "delete", "zzzzzzzz"), 'run "zzzzzzzz" was not found');
  });

  it("deletes a version and then its run, a dry run first each time; gc then removes the orphaned model file", async () => {
    const dryVersion = await unchanged("models", "delete", "forest", "2", "--dry-run");
    assertOk(dryVersion);
    assert.equal(dryVersion.stdout, "would delete models:/forest/2\n");
    assert.equal((await p.cli("models", "delete", "forest", "2")).stdout, "deleted models:/forest/2\n");

    const dryRun = await unchanged("runs", "delete", first.slice(0, 8), "--dry-run");
    assertOk(dryRun);
    assert.match(dryRun.stdout, new RegExp(`^would delete run ${first} \\(2 tasks, 2 attempts, \\d+ log lines, 0 metric points, 3 lineage events\\)\\n$`));
    const deleted = json<{ dryRun: boolean; tasks: number; run: { id: string } }>(await p.cli("runs", "delete", first, "--json"));
    assert.deepEqual([deleted.dryRun, deleted.tasks, deleted.run.id], [false, 2, first]);
    assertUserError(await p.cli("runs", "show", first), "was not found");
    // The second run reused the first's dataset from the cache; it still shows, and keeps the dataset alive.
    assertOk(await p.cli("runs", "show", second));

    const dry = await unchanged("gc", "--dry-run", "--json");
    const plan = json<Collected>(dry);
    assert.deepEqual(plan.artifacts.map((a) => a.type), ["Model"]);
    assert.equal(plan.files.length, 1);
    assert.deepEqual(plan.unrecorded, []);
    const file = fileURLToPath(plan.files[0]?.uri ?? "");
    assert.ok(existsSync(file));

    const text = await p.cli("gc");
    assertOk(text);
    assert.match(text.stdout, new RegExp(`^  ${plan.artifacts[0]?.digest.slice(0, 19)}  Model  \\d+ B\\nremoved 1 artifact records and 1 files \\(${plan.bytes} bytes\\)\\n$`));
    assert.ok(!existsSync(file), "the content file is deleted");
    assert.equal((await p.cli("gc")).stdout, "nothing to remove: every artifact is still referenced\n");

    // What remains still works: the champion's lineage reaches the shared dataset.
    const lineage = await p.cli("lineage", "models:/forest@champion");
    assertOk(lineage);
    assert.match(lineage.stdout, /in data {2}Dataset/);
  });

  it("removes content files that no artifact record names, as a task that stopped between storing and recording leaves", async () => {
    const content = "stored, never recorded\n";
    const hex = createHash("sha256").update(content).digest("hex");
    const blob = join(p.dir, ".conveyor", "artifacts", "sha256", hex.slice(0, 2), hex.slice(2));
    const blobs = () => readdirSync(join(p.dir, ".conveyor", "artifacts"), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort();
    const recorded = blobs();
    assert.equal(recorded.length, 2, "the dataset and the champion's model");
    mkdirSync(join(blob, ".."), { recursive: true });
    writeFileSync(blob, content);

    const plan = json<Collected>(await unchanged("gc", "--dry-run", "--json"));
    assert.deepEqual(plan.artifacts, []);
    assert.deepEqual(plan.unrecorded, [{ uri: plan.unrecorded[0]?.uri, digest: `sha256:${hex}`, size: content.length }]);
    assert.equal(fileURLToPath(plan.unrecorded[0]?.uri ?? ""), blob);
    assert.deepEqual(plan.files, plan.unrecorded);

    const text = await p.cli("gc");
    assertOk(text);
    assert.equal(text.stdout, `  ${`sha256:${hex}`.slice(0, 19)}  (no record)  ${content.length} B\nremoved 0 artifact records and 1 files (${content.length} bytes)\n`);
    assert.ok(!existsSync(blob), "the unrecorded file is deleted");
    assert.equal((await p.cli("gc")).stdout, "nothing to remove: every artifact is still referenced\n");
    assert.deepEqual(blobs(), recorded, "every recorded artifact keeps its file");
  });
});
