/** An optional artifact input (sdk `optional(Model)`): recorded in the IR, and a task may leave it unbound. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { component, Dataset, Model, optional, pipeline } from "../../src/index.ts";
import { compile } from "../../src/compiler/compile.ts";
import { REPO_ROOT, testProject } from "../helpers/project.ts";

export const makeModel = component({
  name: "make-model",
  outputs: { model: Model },
  run: async ({ model }) => {
    await model.writeJson({ weights: [1] });
  },
});

export const compareModels = component({
  name: "compare-models",
  inputs: { model: Model, champion: optional(Model) },
  outputs: { hadChampion: Dataset },
  run: async ({ model, champion, hadChampion }) => {
    await hadChampion.writeText(`${(await model.text()).length},${champion === undefined ? "none" : champion.digest}`);
  },
});

const withoutChampion = pipeline({ name: "without-champion" }, () => {
  compareModels({ model: makeModel({}).outputs.model });
});

test("an optional artifact input is marked in the IR and may be left unbound", async () => {
  const ir = await compile(withoutChampion, { root: REPO_ROOT });
  assert.equal(ir.components["compare-models"]?.inputs.champion?.kind, "artifact");
  assert.deepEqual(ir.components["compare-models"]?.inputs.champion, {
    kind: "artifact",
    type: "Model",
    mediaType: "application/json",
    optional: true,
  });
  assert.equal("optional" in (ir.components["compare-models"]?.inputs.model ?? {}), false, "a required input's IR is unchanged");
  assert.deepEqual(Object.keys(ir.tasks["compare-models"]?.inputs ?? {}), ["model"]);

  const project = await testProject();
  try {
    const { run, tasks } = await project.run(withoutChampion);
    assert.equal(run.status, "succeeded", run.error ?? "");
    assert.equal(tasks["compare-models"]?.status, "succeeded");
  } finally {
    await project.cleanup();
  }
});
