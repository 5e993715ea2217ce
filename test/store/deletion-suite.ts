/** Deleting runs and model versions, and collecting unreferenced artifacts; the same tests on each backend. */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import type { ArtifactRecord, MetadataStore, RunRecord } from "../../src/store/types.ts";
import { conveyorError } from "./expect-conveyor-error.ts";
import { newRun, type StoreHarness, TASKS } from "./store-suite.ts";

let counter = 0;
/** A distinct artifact record. */
function artifact(store: MetadataStore, type = "Dataset"): Promise<ArtifactRecord> {
  const hex = (++counter).toString(16).padStart(64, "0");
  return store.putArtifact({ digest: `sha256:${hex}`, uri: `file:///a/${hex}`, size: 100 + counter, mediaType: "text/csv", type, metadata: {} });
}

/** A finished run: ingest made `data` (a log line, a metric), train used it and made `model`; train reused `reused` from the cache. */
async function finishedRun(store: MetadataStore, data: ArtifactRecord, model: ArtifactRecord, reusedFrom?: string): Promise<RunRecord> {
  const run = await store.createRun({ ...newRun(), tags: { team: "x" } }, TASKS);
  const [ingest, train] = await store.listTasks(run.id);
  assert.ok(ingest && train);
  const attempt = await store.startAttempt(ingest.id, 1);
  await store.appendLogs([{ attemptId: attempt.id, seq: 0, time: new Date(), level: "info", stream: "log", message: "hi" }]);
  await store.logMetrics([{ runId: run.id, taskId: ingest.id, name: "rows", value: 3, step: null, time: new Date() }]);
  await store.transition(
    run.id,
    [
      { taskId: ingest.id, status: "succeeded" },
      { taskId: train.id, status: reusedFrom ? "cached" : "succeeded", cachedFromTaskId: reusedFrom ?? null },
    ],
    { status: "succeeded", endedAt: new Date() },
    {
      finishAttempts: [{ id: attempt.id, status: "succeeded", error: null }],
      lineage: [
        { taskId: ingest.id, attemptId: attempt.id, artifactId: data.id, kind: "output", name: "data" },
        { taskId: train.id, attemptId: null, artifactId: data.id, kind: "input", name: "data" },
        { taskId: train.id, attemptId: null, artifactId: model.id, kind: "output", name: "model" },
      ],
    },
  );
  return (await store.getRun(run.id)) as RunRecord;
}

const ids = (records: { id: string }[]) => records.map((r) => r.id).sort();

export function deletionSuite(backend: string, harness: StoreHarness): void {
  async function withStore(body: (store: MetadataStore) => Promise<void>): Promise<void> {
    const store = await (await harness.fresh()).open();
    try {
      await body(store);
    } finally {
      await store.close();
    }
  }

  describe(`deletion and garbage collection on ${backend}`, () => {
    after(() => harness.dispose());

    it("deletes a run with everything recorded under it, in one go; a dry run counts the same and keeps it", () =>
      withStore(async (store) => {
        const [data, model] = [await artifact(store), await artifact(store, "Model")];
        const first = await finishedRun(store, data, model);
        const firstTrain = (await store.listTasks(first.id)).find((t) => t.name === "train");
        const second = await finishedRun(store, data, model, firstTrain?.id);

        const expected = { run: first, tasks: 2, attempts: 1, lineageEvents: 3, metricPoints: 1, logLines: 1 };
        assert.deepEqual(await store.deleteRun(first.id, { dryRun: true }), expected);
        assert.deepEqual(await store.getRun(first.id), first);
        assert.equal((await store.listTasks(first.id)).length, 2);

        assert.deepEqual(await store.deleteRun(first.id), expected);
        assert.equal(await store.getRun(first.id), undefined);
        assert.deepEqual(await store.listTasks(first.id), []);
        assert.deepEqual(await store.listMetrics(first.id), []);
        assert.deepEqual(await store.getRunTags(first.id), {});
        // The run that reused its output keeps its own lineage of it, without the dangling pointer.
        const reused = (await store.listTasks(second.id)).find((t) => t.name === "train");
        assert.equal(reused?.cachedFromTaskId, null);
        assert.deepEqual((await store.artifactLineage(model.id)).map((e) => e.task.runId), [second.id]);
        await assert.rejects(store.deleteRun(first.id), conveyorError("not_found", first.id));
      }));

    it("refuses to delete a run still in progress, or one a model version came from, naming the versions", () =>
      withStore(async (store) => {
        const pending = await store.createRun(newRun(), TASKS);
        await assert.rejects(store.deleteRun(pending.id), conveyorError("run_active", pending.id, "pending"));
        const model = await artifact(store, "Model");
        const run = await finishedRun(store, await artifact(store), model);
        await store.createModelVersion({ model: "churn", runId: run.id, taskId: null, artifactId: model.id, actor: "ada" });
        await assert.rejects(store.deleteRun(run.id), conveyorError("in_use", "models:/churn/1"));
        assert.equal((await store.listTasks(run.id)).length, 2);
      }));

    it("deletes a model version, never reuses its number, and refuses one an alias points to, naming the alias", () =>
      withStore(async (store) => {
        const run = await finishedRun(store, await artifact(store), await artifact(store, "Model"));
        const models = [await artifact(store, "Model"), await artifact(store, "Model"), await artifact(store, "Model")];
        for (const m of models.slice(0, 2)) await store.createModelVersion({ model: "churn", runId: run.id, taskId: null, artifactId: m.id, actor: "ada" });
        await store.setAlias("churn", "champion", 1, { actor: "ada" });
        await store.setAlias("churn", "champion", 2, { actor: "ada" });
        await assert.rejects(store.deleteModelVersion("churn", 2), conveyorError("in_use", '"champion"', "version 2"));
        await assert.rejects(store.deleteModelVersion("churn", 7), conveyorError("not_found", "no version 7"));
        await assert.rejects(store.deleteModelVersion("nope", 1), conveyorError("not_found", '"nope"'));

        const dry = await store.deleteModelVersion("churn", 1, { dryRun: true });
        assert.equal(dry.version, 1);
        assert.ok(await store.getModelVersion("churn", 1));
        await store.deleteModelVersion("churn", 1);
        assert.equal(await store.getModelVersion("churn", 1), undefined);
        assert.deepEqual((await store.listModelVersions("churn")).map((v) => v.version), [2]);
        // No rollback to a version that is gone, and no alias can point at it again.
        await assert.rejects(store.rollbackAlias("churn", "champion", { actor: "ada" }), conveyorError("no_rollback"));
        await assert.rejects(store.setAlias("churn", "old", 1, { actor: "ada" }), conveyorError("not_found", "no version 1"));

        await store.deleteAlias("churn", "champion", { actor: "ada" });
        await store.deleteModelVersion("churn", 2);
        const third = await store.createModelVersion({ model: "churn", runId: run.id, taskId: null, artifactId: models[2]?.id as string, actor: "ada" });
        assert.equal(third.version, 3, "numbers of deleted versions are not given out again");
      }));

    it("collects only artifacts no lineage event or model version refers to, and the contents no record names", () =>
      withStore(async (store) => {
        const [data, model, registered] = [await artifact(store), await artifact(store, "Model"), await artifact(store, "Model")];
        // A second record of the registered model's content, with other metadata, sharing its file.
        const twin = await store.putArtifact({ ...registered, metadata: { note: "twin" } });
        const source = await finishedRun(store, await artifact(store), await artifact(store, "Model"));
        await store.createModelVersion({ model: "churn", runId: source.id, taskId: null, artifactId: registered.id, actor: "ada" });
        const run = await finishedRun(store, data, model);
        const loose = await artifact(store);

        const first = await store.collectGarbage();
        assert.deepEqual(ids(first.artifacts), ids([twin, loose]));
        assert.deepEqual(first.contents, [{ uri: loose.uri, digest: loose.digest, size: loose.size }], "the twin's file is still the registered version's");

        // Another run uses the same data.
        await finishedRun(store, data, await artifact(store, "Model"));
        await store.deleteRun(run.id);
        const dry = await store.collectGarbage({ dryRun: true });
        assert.deepEqual(ids(dry.artifacts), ids([model]), "data is still used by the other run; the registered model by its version");
        assert.deepEqual(await store.getArtifact(model.id), model);
        const real = await store.collectGarbage();
        assert.deepEqual(real, dry);
        assert.equal(await store.getArtifact(model.id), undefined);
        assert.deepEqual((await store.collectGarbage()).artifacts, []);
      }));

    it("keeps artifacts recorded since a run still in progress began: their lineage may not be recorded yet", () =>
      withStore(async (store) => {
        const old = await artifact(store);
        await new Promise((resolve) => setTimeout(resolve, 5));
        await store.createRun(newRun(), TASKS);
        await new Promise((resolve) => setTimeout(resolve, 5));
        await artifact(store);
        assert.deepEqual(ids((await store.collectGarbage()).artifacts), [old.id]);
      }));

    it("tells which content URIs an artifact record names", () =>
      withStore(async (store) => {
        const a = await artifact(store);
        const b = await artifact(store, "Model");
        const twin = await store.putArtifact({ ...a, uri: "file:///elsewhere/same-content", metadata: {} });
        const unrecorded = { digest: `sha256:${"f".repeat(64)}`, uri: `file:///a/${"f".repeat(64)}` };
        const sameDigestOtherUri = { digest: a.digest, uri: "file:///b/not-recorded" };
        const asked = [a, b, twin, unrecorded, sameDigestOtherUri].map(({ digest, uri }) => ({ digest, uri }));
        assert.deepEqual([...(await store.recordedUris(asked))].sort(), [a.uri, b.uri, twin.uri].sort());
        assert.deepEqual([...(await store.recordedUris([]))], []);
      }));
  });
}
