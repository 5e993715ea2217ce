/**
 * runStep and finishRun, the steps of a run an outside workflow engine orders, on one store:
 * the example pipeline's steps in dependency order, the iterations of its fan-out at once (each
 * waiting its turn for the run's lease), give the run a local drive of the same IR gives.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { finishRun, runStep, type StepEnv } from "../../src/engine/external-step.ts";
import { localExecutors } from "../../src/executors/local-engine.ts";
import type { PipelineIR } from "../../src/ir/schema.ts";
import { examplePipeline } from "../export/fixtures/ir.ts";
import { REPO_ROOT, type StoreKind, type TestProject, testProject } from "../helpers/project.ts";

export function externalStepSuite(kind: StoreKind): void {
  describe(`steps run by an outside workflow engine (${kind})`, () => {
    let project: TestProject;
    let ir: PipelineIR;
    let env: StepEnv;
    before(async () => {
      project = await testProject(kind);
      ir = await examplePipeline();
      env = { store: project.store, artifacts: project.artifacts, root: REPO_ROOT, executors: localExecutors(), leaseWaitMs: 30_000 };
    });
    after(async () => {
      await Promise.all(Object.values(env.executors).map((e) => e.close()));
      await project.cleanup();
    });

    it("ends the run as a local drive of the same IR does: statuses, outputs, lineage", async () => {
      const engine = project.engine();
      const local = await engine.execute((await engine.createRun(ir, { folds: 3 })).id);
      const run = await engine.createRun(ir, { folds: 3 }, { noCache: true });
      for (const name of ["prepare", "folds"]) assert.equal((await runStep(env, run.id, name)).row.status, "succeeded");
      const fits = await Promise.all([0, 1, 2].map((i) => runStep(env, run.id, `fit[${i}]`)));
      assert.deepEqual(fits.map((f) => f.row.status), ["succeeded", "succeeded", "succeeded"]);
      for (const name of ["pick", "publish", "notify"]) assert.equal((await runStep(env, run.id, name)).row.status, "succeeded");
      const ended = await finishRun(env, run.id);
      assert.equal(ended.status, "succeeded");
      assert.equal(ended.leaseOwner, null);
      const stepped = await project.tasksOf(run.id);
      const driven = await project.tasksOf(local.id);
      for (const name of Object.keys(driven)) {
        assert.equal(stepped[name]?.status, "succeeded", name);
        assert.deepEqual(stepped[name]?.outputs, driven[name]?.outputs, name);
      }
      const lineage = async (taskId: string) => (await project.store.taskLineage(taskId)).map((e) => `${e.kind}:${e.name}:${e.artifact.digest}`).sort();
      assert.deepEqual(await lineage(stepped.pick?.id as string), await lineage(driven.pick?.id as string));
    });

    it("a step the workflow runs again after it ended makes no second attempt; a cache hit is one", async () => {
      const engine = project.engine();
      const run = await engine.createRun(ir, { folds: 3 });
      const first = await runStep(env, run.id, "prepare");
      // The earlier runs computed prepare with these inputs: a cache hit, with the artifacts of that execution.
      assert.equal(first.row.status, "cached");
      assert.deepEqual(Object.keys(first.artifacts), ["data"]);
      const again = await runStep(env, run.id, "prepare");
      assert.equal(again.row.status, "cached");
      assert.equal(again.row.attempts, 0);
      const loop = await runStep(env, run.id, "folds");
      assert.equal(loop.iterations, 3);
    });
  });
}
