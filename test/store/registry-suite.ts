/** The model registry: versions, aliases and their audit trail, rollback; the same tests on each backend. */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import type { AliasEvent, NewModelVersion } from "../../src/store/registry-types.ts";
import type { ArtifactRecord, MetadataStore, RunRecord, TaskRecord } from "../../src/store/types.ts";
import { conveyorError } from "./expect-conveyor-error.ts";
import { newRun, type StoreHarness, TASKS } from "./store-suite.ts";

interface Made {
  run: RunRecord;
  task: TaskRecord;
  artifacts: ArtifactRecord[];
}

/** A run whose train task produced `count` distinct model artifacts. */
async function source(store: MetadataStore, count = 4): Promise<Made> {
  const run = await store.createRun(newRun(), TASKS);
  const task = (await store.listTasks(run.id)).find((t) => t.name === "train");
  assert.ok(task);
  const artifacts = [];
  for (let i = 0; i < count; i++) {
    const hex = String(i + 1).repeat(64);
    artifacts.push(
      await store.putArtifact({ digest: `sha256:${hex}`, uri: `file:///m/${hex}`, size: 10, mediaType: "application/json", type: "Model", metadata: {} }),
    );
  }
  return { run, task, artifacts };
}

function version(made: Made, i: number, extra: Partial<NewModelVersion> = {}): NewModelVersion {
  return { model: "churn", runId: made.run.id, taskId: made.task.id, artifactId: (made.artifacts[i] as ArtifactRecord).id, actor: "ada", ...extra };
}

/** The moves an audit trail records, without ids and times. */
const moves = (events: AliasEvent[]) => events.map((e) => [e.alias, e.kind, e.fromVersion, e.toVersion, e.actor, e.reason]);

export function registrySuite(backend: string, harness: StoreHarness): void {
  async function withStore(body: (store: MetadataStore) => Promise<void>): Promise<void> {
    const store = await (await harness.fresh()).open();
    try {
      await body(store);
    } finally {
      await store.close();
    }
  }

  /** A store with model churn at versions 1..n (from artifacts 0..n-1). */
  async function withVersions(n: number, body: (store: MetadataStore, made: Made) => Promise<void>): Promise<void> {
    await withStore(async (store) => {
      const made = await source(store, Math.max(n, 4));
      for (let i = 0; i < n; i++) await store.createModelVersion(version(made, i));
      await body(store, made);
    });
  }

  describe(`model registry on ${backend}`, () => {
    after(() => harness.dispose());

    describe("versions", () => {
      it("numbers versions from 1 and records where each came from", () =>
        withStore(async (store) => {
          const made = await source(store);
          const signature = { inputs: [{ name: "age", type: "number" }], outputs: [{ name: "churn", type: "boolean" }] };
          const first = await store.createModelVersion(
            version(made, 0, { description: "baseline", tags: { stage: "dev" }, signature, metrics: { auc: 0.91, loss: 0.2 } }),
          );
          assert.deepEqual({ ...first, createdAt: undefined }, {
            model: "churn",
            version: 1,
            runId: made.run.id,
            taskId: made.task.id,
            artifactId: made.artifacts[0]?.id,
            digest: made.artifacts[0]?.digest,
            description: "baseline",
            tags: { stage: "dev" },
            signature,
            metrics: { auc: 0.91, loss: 0.2 },
            aliases: [],
            createdBy: "ada",
            createdAt: undefined,
          });
          const second = await store.createModelVersion(version(made, 1, { taskId: null }));
          assert.deepEqual([second.version, second.taskId, second.signature, second.tags, second.metrics, second.description], [2, null, null, {}, {}, null]);
          await store.createModelVersion(version(made, 0, { model: "fraud" }));

          assert.deepEqual(await store.getModelVersion("churn", 1), first);
          assert.deepEqual(await store.listModelVersions("churn"), [first, second]);
          assert.deepEqual(await store.listModelVersions("churn", { limit: 1, offset: 1 }), [second], "a window, oldest first");
          assert.equal(await store.getModelVersion("churn", 3), undefined);
          assert.equal(await store.getModelVersion("nope", 1), undefined);
          const model = await store.getModel("churn");
          assert.deepEqual([model?.name, model?.latestVersion, model?.aliases, model?.description], ["churn", 2, {}, null]);
          assert.deepEqual((await store.listModels()).map((m) => [m.name, m.latestVersion]), [
            ["churn", 2],
            ["fraud", 1],
          ]);
          assert.equal(await store.getModel("nope"), undefined);
          await assert.rejects(store.listModelVersions("nope"), conveyorError("not_found", '"nope"'));
        }));

      it("lists models by name compared by code point, in windows after a name", () =>
        withStore(async (store) => {
          const made = await source(store, 6);
          // A locale's collation would put "alpha" first and "Beta" after it, and "a-b" and "a_b" together.
          const names = ["zeta", "a_b", "Beta", "alpha", "a-b", "a.b"];
          for (const [i, model] of names.entries()) await store.createModelVersion(version(made, i, { model }));
          const byCodePoint = ["Beta", "a-b", "a.b", "a_b", "alpha", "zeta"];
          const listed = async (window?: { limit: number; after?: string }) => (await store.listModels(window)).map((m) => m.name);
          assert.deepEqual(await listed(), byCodePoint);
          assert.deepEqual(await listed({ limit: 2 }), byCodePoint.slice(0, 2), "the first window");
          assert.deepEqual(await listed({ limit: 2, after: "a-b" }), byCodePoint.slice(2, 4), "a middle window");
          assert.deepEqual(await listed({ limit: 3, after: "a_b" }), byCodePoint.slice(4), "the last window, short");
          assert.deepEqual(await listed({ limit: 2, after: "zeta" }), [], "past the end");
          assert.deepEqual(await listed({ limit: 2, after: "a0" }), ["a_b", "alpha"], "after a name no model has");
        }));

      it("finds the versions registered from an artifact, of every model, with their aliases", () =>
        withStore(async (store) => {
          const made = await source(store);
          await store.createModelVersion(version(made, 1));
          await store.createModelVersion(version(made, 0, { alias: { name: "champion" } }));
          await store.createModelVersion(version(made, 0, { model: "alpha" }));
          const found = await store.artifactModelVersions((made.artifacts[0] as ArtifactRecord).id);
          assert.deepEqual(found.map((v) => [v.model, v.version, v.aliases]), [
            ["alpha", 1, []],
            ["churn", 2, ["champion"]],
          ]);
          assert.deepEqual(await store.artifactModelVersions((made.artifacts[2] as ArtifactRecord).id), []);
        }));

      it("refuses the same artifact twice under one name, naming its version, and writes nothing", () =>
        withVersions(2, async (store, made) => {
          const before = await store.getModel("churn");
          await assert.rejects(
            store.createModelVersion(version(made, 1, { alias: { name: "champion" } })),
            conveyorError("duplicate_version", '"churn"', "version 2"),
          );
          assert.deepEqual(await store.getModel("churn"), before);
          assert.deepEqual(await store.aliasEvents("churn"), []);
          assert.equal((await store.createModelVersion(version(made, 2))).version, 3);
        }));

      it("refuses bad model, alias and tag names before writing anything", () =>
        withStore(async (store) => {
          const made = await source(store);
          for (const model of ["", "a/b", "churn@x", "-x", "x".repeat(129)]) {
            await assert.rejects(store.createModelVersion(version(made, 0, { model })), conveyorError("invalid_name"));
          }
          await assert.rejects(store.createModelVersion(version(made, 0, { alias: { name: "3" } })), conveyorError("invalid_name", '"3"'));
          await assert.rejects(store.createModelVersion(version(made, 0, { tags: { "": "x" } })), conveyorError("invalid_name"));
          assert.deepEqual(await store.listModels(), []);
        }));

      it("gives racing registrations from two connections distinct versions", async () => {
        const place = await harness.fresh();
        const [a, b] = await Promise.all([place.open(), place.open()]);
        try {
          const made = await source(a, 8);
          const registered = await Promise.all(made.artifacts.map((_, i) => (i % 2 ? a : b).createModelVersion(version(made, i))));
          assert.deepEqual(registered.map((v) => v.version).sort((x, y) => x - y), [1, 2, 3, 4, 5, 6, 7, 8]);
        } finally {
          await Promise.all([a.close(), b.close()]);
        }
      });
    });

    describe("aliases", () => {
      it("records who moved which alias from which version to which, and why", () =>
        withVersions(3, async (store) => {
          const set = await store.setAlias("churn", "champion", 1, { actor: "ada", reason: "first" });
          assert.ok(set);
          assert.deepEqual({ ...set, id: undefined, createdAt: undefined }, {
            id: undefined,
            model: "churn",
            alias: "champion",
            kind: "set",
            fromVersion: null,
            toVersion: 1,
            actor: "ada",
            reason: "first",
            createdAt: undefined,
          });
          assert.ok(set.createdAt instanceof Date);
          await store.setAlias("churn", "challenger", 3, { actor: "bob" });
          await store.setAlias("churn", "champion", 2, { actor: "bob", reason: "auc 0.94" });
          assert.equal(await store.setAlias("churn", "champion", 2, { actor: "carol" }), null, "no change, no event");
          await store.deleteAlias("churn", "challenger", { actor: "carol", reason: "retired" });

          assert.deepEqual((await store.getModel("churn"))?.aliases, { champion: 2 });
          assert.deepEqual((await store.getModelVersion("churn", 2))?.aliases, ["champion"]);
          assert.deepEqual(moves(await store.aliasEvents("churn")), [
            ["champion", "set", null, 1, "ada", "first"],
            ["challenger", "set", null, 3, "bob", null],
            ["champion", "set", 1, 2, "bob", "auc 0.94"],
            ["challenger", "delete", 3, null, "carol", "retired"],
          ]);
          assert.equal((await store.aliasEvents("churn", "champion")).length, 2);
          assert.deepEqual(moves(await store.aliasEvents("churn", undefined, { limit: 2, offset: 1 })), [
            ["challenger", "set", null, 3, "bob", null],
            ["champion", "set", 1, 2, "bob", "auc 0.94"],
          ]);
          assert.deepEqual(moves(await store.aliasEvents("churn", "champion", { limit: 5, offset: 1 })), [["champion", "set", 1, 2, "bob", "auc 0.94"]]);
        }));

      it("points an alias only at a version that exists, of a model that exists", () =>
        withVersions(2, async (store) => {
          const who = { actor: "ada" };
          await assert.rejects(store.setAlias("churn", "champion", 3, who), conveyorError("not_found", '"churn"', "no version 3"));
          await assert.rejects(store.setAlias("churn", "champion", 0, who), conveyorError("not_found", "no version 0"));
          await assert.rejects(store.setAlias("nope", "champion", 1, who), conveyorError("not_found", '"nope"'));
          await assert.rejects(store.setAlias("churn", "no good", 1, who), conveyorError("invalid_name", '"no good"'));
          await assert.rejects(store.deleteAlias("churn", "champion", who), conveyorError("not_found", 'no alias "champion"'));
          await assert.rejects(store.deleteAlias("nope", "champion", who), conveyorError("not_found", '"nope"'));
          await assert.rejects(store.aliasEvents("nope"), conveyorError("not_found", '"nope"'));
          assert.deepEqual(await store.aliasEvents("churn"), []);
          assert.deepEqual((await store.getModel("churn"))?.aliases, {});
        }));

      it("sets an alias with a new version in the same transaction", () =>
        withVersions(1, async (store, made) => {
          const v = await store.createModelVersion(version(made, 1, { alias: { name: "champion", reason: "better" } }));
          assert.deepEqual(v.aliases, ["champion"]);
          assert.deepEqual(moves(await store.aliasEvents("churn")), [["champion", "set", null, 2, "ada", "better"]]);
        }));
    });

    describe("rollback", () => {
      it("steps champion back through the versions that held it, once per rollback", () =>
        withVersions(4, async (store) => {
          for (const v of [1, 2, 3]) await store.setAlias("churn", "champion", v, { actor: "ada" });
          const back = await store.rollbackAlias("churn", "champion", { actor: "bob", reason: "v3 mislabels" });
          assert.deepEqual(moves([back]), [["champion", "rollback", 3, 2, "bob", "v3 mislabels"]]);
          await store.rollbackAlias("churn", "champion", { actor: "bob" });
          assert.equal((await store.getModel("churn"))?.aliases.champion, 1);
          await assert.rejects(store.rollbackAlias("churn", "champion", { actor: "bob" }), conveyorError("no_rollback", "version 1"));
          assert.equal((await store.getModel("churn"))?.aliases.champion, 1, "a refused rollback changes nothing");
        }));

      it("goes back to the holder before the current one, across a deletion and a move back", () =>
        withVersions(4, async (store) => {
          const who = { actor: "ada" };
          await store.setAlias("churn", "champion", 2, who);
          await store.deleteAlias("churn", "champion", who);
          await store.setAlias("churn", "champion", 4, who);
          assert.equal((await store.rollbackAlias("churn", "champion", who)).toVersion, 2);
          await store.setAlias("churn", "champion", 3, who);
          await store.setAlias("churn", "champion", 2, who);
          assert.equal((await store.rollbackAlias("churn", "champion", who)).toVersion, 3);
        }));

      it("refuses an unknown model, an unset alias, and an alias with no earlier holder", () =>
        withVersions(2, async (store) => {
          const who = { actor: "ada" };
          await assert.rejects(store.rollbackAlias("nope", "champion", who), conveyorError("not_found", '"nope"'));
          await assert.rejects(store.rollbackAlias("churn", "champion", who), conveyorError("not_found", 'no alias "champion"'));
          await store.setAlias("churn", "champion", 2, who);
          await assert.rejects(store.rollbackAlias("churn", "champion", who), conveyorError("no_rollback", "version 2"));
          assert.equal((await store.aliasEvents("churn")).length, 1);
        }));
    });
  });
}
