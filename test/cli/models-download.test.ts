/** A registered model used outside the pipeline: `conveyor models download` and `loadRegisteredModel`. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { loadRegisteredModel } from "../../src/index.ts";
import { readCsv } from "../../src/ml/io/csv.ts";
import { REPO_ROOT } from "../helpers/project.ts";
import { assertOk, assertUserError, json, type Project, project, SDK } from "./harness.ts";

const DATA = join(REPO_ROOT, "data/breast_cancer.csv");

const REGISTERING = `import { ingestCsv, pipeline, registerModel, trainModel } from ${JSON.stringify(SDK)};
export default pipeline({ name: "cancer" }, () => {
  const raw = ingestCsv({ path: ${JSON.stringify(DATA)} });
  const fit = trainModel({ data: raw.outputs.data, target: "target", kind: "logistic-regression" });
  registerModel({ model: fit.outputs.model, name: "cancer", alias: "champion" });
});
`;

describe("a registered model outside the pipeline", () => {
  let p: Project;
  before(async () => {
    p = await project();
    await p.write("cancer.ts", REGISTERING);
    assertOk(await p.cli("run", "cancer.ts"));
  });

  it("`models download` writes the version's file, whole, as <model>-v<version>.json", async () => {
    const out = json<{ path: string; version: number; digest: string }>(await p.cli("models", "download", "models:/cancer@champion", "-o", "out", "--json"));
    assert.equal(out.path, join(p.dir, "out", "cancer-v1.json"));
    const bytes = await readFile(out.path);
    assert.equal(`sha256:${createHash("sha256").update(bytes).digest("hex")}`, out.digest);
    assert.equal(JSON.parse(bytes.toString()).format, "conveyor.model");
    assert.deepEqual(await readdir(join(p.dir, "out")), ["cancer-v1.json"], "no temporary file is left");
    assertUserError(await p.cli("models", "download", "cancer@nosuch", "-o", "out"), 'no alias "nosuch"');
    assertUserError(await p.cli("models", "download", "models:/other/1"), 'model "other" was not found');
  });

  it("loadRegisteredModel gives a predictor from a reference", async () => {
    const model = await loadRegisteredModel("models:/cancer@champion", { root: p.dir });
    const rows = await readCsv(DATA);
    const predictions = await model.predict(rows);
    assert.equal(predictions.length, rows.rowCount);
    await assert.rejects(loadRegisteredModel("models:/cancer/7", { root: p.dir }), /model "cancer" has no version 7/);
  });
});
