/** ctx.registry's engine side: resolving references to verified model files, and registering a task's input, on both stores. */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ingestCsv, pipeline, splitData, trainModel } from "../../src/index.ts";
import type { ResolvedArtifact } from "../../src/artifacts/resolved-artifact.ts";
import { type RegistryCaller, taskRegistry } from "../../src/registry/task-registry.ts";
import type { ArtifactRecord } from "../../src/store/types.ts";
import { REPO_ROOT, type StoreKind, type TestProject, testProject } from "../helpers/project.ts";
import { conveyorError } from "../store/expect-conveyor-error.ts";

const training = pipeline({ name: "train-two" }, () => {
  const raw = ingestCsv({ path: join(REPO_ROOT, "data/iris.csv") });
  const split = splitData({ data: raw.outputs.data, target: "target" });
  for (const kind of ["decision-tree", "knn"] as const) {
    trainModel({ data: split.outputs.train, target: "target", kind, task: "classification" }, { name: kind });
  }
});

for (const kind of ["sqlite", "postgres"] as StoreKind[]) {
  describe(`the task registry on ${kind}`, () => {
    let project: TestProject;
    let tree: RegistryCaller;
    let knn: RegistryCaller;
    const opened: string[] = [];
    const open = async (a: ArtifactRecord): Promise<ResolvedArtifact> => {
      await project.artifacts.verify(a.uri, a.digest);
      opened.push(a.digest);
      const { id: _, createdAt: __, ...rest } = a;
      return { ...rest, path: project.artifacts.localPath(a.uri) };
    };

    before(async () => {
      project = await testProject(kind);
      const { run, tasks } = await project.run(training);
      assert.equal(run.status, "succeeded", run.error ?? "");
      const caller = async (name: string): Promise<RegistryCaller> => {
        const task = tasks[name]!;
        const model = (await project.store.taskLineage(task.id)).find((e) => e.kind === "output")!.artifact;
        return { runId: run.id, taskId: task.id, taskName: task.name, inputs: [model] };
      };
      tree = await caller("decision-tree");
      knn = await caller("knn");
    });
    after(() => project.cleanup());

    it("resolves versions and aliases to their verified model file; what does not exist is undefined", async () => {
      const registry = taskRegistry(project.store, tree, open);
      assert.equal(await registry.resolve("models:/iris-tree@champion"), undefined, "no such model");
      const v1 = await registry.register({ artifactUri: tree.inputs[0]!.uri, name: "iris-tree", alias: "champion", metrics: { accuracy: 0.9 } });
      assert.equal(v1.uri, "models:/iris-tree/1");
      assert.deepEqual(v1.aliases, ["champion"]);
      assert.equal(v1.metrics.accuracy, 0.9);
      assert.equal(typeof v1.metrics["train.accuracy"], "number", "with the training metrics of the artifact's metadata");
      assert.ok(v1.signature);

      const found = await registry.resolve("iris-tree@champion");
      assert.equal(found?.version, 1);
      assert.equal(found?.digest, tree.inputs[0]!.digest);
      assert.equal(JSON.parse(await readFile(found!.artifact.path, "utf8")).kind, "decision-tree-classifier");
      assert.ok(opened.includes(found!.digest), "the model file was verified");
      assert.equal((await registry.resolve("models:/iris-tree/1"))?.version, 1);
      assert.equal(await registry.resolve("models:/iris-tree/7"), undefined, "no such version");
      assert.equal(await registry.resolve("models:/iris-tree@challenger"), undefined, "no such alias");
      await assert.rejects(registry.resolve("iris tree"), conveyorError("invalid_model_uri", "is not a model reference"));
    });

    it("registering is idempotent for one task, a duplicate_version for another, and only for the task's inputs", async () => {
      const first = taskRegistry(project.store, knn, open);
      const v1 = await first.register({ artifactUri: knn.inputs[0]!.uri, name: "iris-knn" });
      const retried = await taskRegistry(project.store, knn, open).register({ artifactUri: knn.inputs[0]!.uri, name: "iris-knn" });
      assert.equal(retried.version, v1.version, "a retry of the same task gets its version back");

      const other = taskRegistry(project.store, { ...tree, inputs: knn.inputs }, open);
      await assert.rejects(other.register({ artifactUri: knn.inputs[0]!.uri, name: "iris-knn" }), conveyorError("duplicate_version", "as version 1"));
      await assert.rejects(
        taskRegistry(project.store, tree, open).register({ artifactUri: knn.inputs[0]!.uri, name: "iris-knn" }),
        conveyorError("invalid_argument", 'task "decision-tree" can register only one of its input artifacts'),
      );
      assert.equal((await project.store.listModelVersions("iris-knn")).length, 1);
    });
  });
}
