/** The model registry over HTTP: register, versions by number or alias, aliases with their audit trail, rollback, delete; and bad input. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as P from "../engine/fixtures/pipelines.ts";
import { type ApiServer, assertError, STORES, startServer } from "./harness.ts";

for (const kind of STORES) {
  describe(`API model registry on ${kind}`, () => {
    let api: ApiServer;
    let runId: string;
    /** Versions and alias events recorded: a failed request must change neither. */
    const registry = async () => {
      const models = await api.project.store.listModels();
      const counts = [];
      for (const m of models) counts.push([m.name, (await api.project.store.listModelVersions(m.name)).length, (await api.project.store.aliasEvents(m.name)).length]);
      return counts;
    };
    const put = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      api.fetch(path, { method: "PUT", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
    const del = (path: string) => api.fetch(path, { method: "DELETE" });

    before(async () => {
      api = await startServer(kind);
      runId = (await api.project.run(P.train, { rows: 3 })).run.id;
    });
    after(() => api.close());

    it("registers versions from a run's task outputs, numbered from 1, with the actor given", async () => {
      const first = await api.post("/api/v1/models/churn/versions", { run: runId.slice(0, 8), task: "fit-a", description: "first" });
      assert.equal(first.status, 201, await first.clone().text());
      assert.equal(first.headers.get("location"), "/api/v1/models/churn/versions/1");
      const v1 = (await first.json()) as any;
      assert.deepEqual([v1.model, v1.version, v1.runId, v1.description, v1.createdBy], ["churn", 1, runId, "first", "api"]);
      assert.deepEqual(v1.metrics, { score: 0.3, loss: 1 / (1 + 0.3) }, "fit-a's own metrics, not fit-b's of the same names");

      const second = await api.post(
        "/api/v1/models/churn/versions",
        { run: runId, task: "fit-b", alias: "champion", reason: "better", tags: { stage: "b" } },
        { "x-conveyor-actor": "ci-bot" },
      );
      assert.equal(second.status, 201, await second.clone().text());
      const v2 = (await second.json()) as any;
      assert.deepEqual([v2.version, v2.aliases, v2.tags, v2.createdBy], [2, ["champion"], { stage: "b" }, "ci-bot"]);
      assert.deepEqual(v2.metrics, { score: 0.6, loss: 1 / (1 + 0.6) });

      const detail = await api.json("/api/v1/models/churn");
      assert.equal(detail.model.latestVersion, 2);
      assert.deepEqual(detail.model.aliases, { champion: 2 });
      assert.deepEqual(
        detail.versions.map((v: any) => v.version),
        [1, 2],
      );
      assert.deepEqual(
        detail.aliasEvents.map((e: any) => [e.alias, e.fromVersion, e.toVersion, e.actor, e.reason]),
        [["champion", null, 2, "ci-bot", "better"]],
      );
      const listed = await api.json("/api/v1/models");
      assert.deepEqual(
        listed.items.map((m: any) => m.name),
        ["churn"],
      );
      const paged = await api.json("/api/v1/models/churn/versions?limit=1");
      assert.equal(paged.items[0].version, 1);
      assert.equal((await api.json(paged.next)).items[0].version, 2);
    });

    it("finds a version by number or by alias, and its lineage", async () => {
      assert.equal((await api.json("/api/v1/models/churn/versions/1")).version, 1);
      const champion = await api.json("/api/v1/models/churn/versions/champion");
      assert.equal(champion.version, 2);
      const graph = await api.json("/api/v1/models/churn/versions/champion/lineage");
      const model = graph.nodes.find((n: any) => n.kind === "model");
      assert.deepEqual([model.id, model.aliases], ["models:/churn/2", ["champion"]]);
      assert.ok(graph.nodes.some((n: any) => n.kind === "task" && n.name === "fit-b"));
    });

    it("answers 404 for an unknown model, version or alias, naming it", async () => {
      const before = await registry();
      await assertError(await api.fetch("/api/v1/models/nosuch"), 404, "not_found", 'model "nosuch"');
      await assertError(await api.fetch("/api/v1/models/nosuch/versions"), 404, "not_found", 'model "nosuch"');
      await assertError(await api.fetch("/api/v1/models/churn/versions/9"), 404, "not_found", "no version 9");
      const alias = await assertError(await api.fetch("/api/v1/models/churn/versions/staging"), 404, "not_found", 'no alias "staging"');
      assert.match(alias.hint, /champion/);
      await assertError(await api.fetch("/api/v1/models/churn/versions/0"), 400, "invalid_model_uri");
      await assertError(await put("/api/v1/models/churn/aliases/champion", { version: 7 }), 404, "not_found", "no version 7");
      await assertError(await put("/api/v1/models/nosuch/aliases/champion", { version: 1 }), 404, "not_found", '"nosuch"');
      await assertError(await del("/api/v1/models/churn/aliases/staging"), 404, "not_found", '"staging"');
      await assertError(await api.post("/api/v1/models/churn/aliases/staging/rollback"), 404, "not_found", '"staging"');
      await assertError(await api.post("/api/v1/models/churn/versions", { run: "nosuchrun", task: "fit-a" }), 404, "not_found", '"nosuchrun"');
      await assertError(await api.post("/api/v1/models/churn/versions", { run: runId, task: "nosuch" }), 404, "not_found", '"nosuch"');
      await assertError(await api.post("/api/v1/models/churn/versions", { run: runId, task: "fit-a", output: "nope" }), 404, "not_found", '"nope"');
      await assertError(await del("/api/v1/models/churn/versions/9"), 404, "not_found");
      assert.deepEqual(await registry(), before);
    });

    it("answers 409 for the same artifact registered twice, and writes nothing", async () => {
      const before = await registry();
      const body = await assertError(
        await api.post("/api/v1/models/churn/versions", { run: runId, task: "fit-a", alias: "challenger" }),
        409,
        "duplicate_version",
        "version 1",
      );
      assert.ok(body.message);
      assert.deepEqual(await registry(), before);
      assert.equal((await api.json("/api/v1/models/churn")).model.aliases.challenger, undefined);
    });

    it("answers 400 for bad names and bodies, 413 for an oversized one, and writes nothing", async () => {
      const before = await registry();
      await assertError(await api.post("/api/v1/models/bad@name/versions", { run: runId, task: "fit-a" }), 400, "invalid_name", "model name");
      await assertError(await api.post("/api/v1/models/other/versions", { run: runId, task: "fit-a", alias: "9lives" }), 400, "invalid_name", "alias");
      await assertError(await api.post("/api/v1/models/churn/versions", "{not json", { "content-type": "application/json" }), 400, "invalid_json");
      await assertError(await api.post("/api/v1/models/churn/versions", { run: runId }), 400, "invalid_request", "task");
      await assertError(await api.post("/api/v1/models/churn/versions", { run: runId, task: "fit-a", extra: 1 }), 400, "invalid_request");
      await assertError(await put("/api/v1/models/churn/aliases/champion", { version: "two" }), 400, "invalid_request", "version");
      const huge = { run: runId, task: "fit-a", description: "x".repeat(2 * 1024 * 1024) };
      await assertError(await api.post("/api/v1/models/churn/versions", huge), 413, "body_too_large");
      assert.deepEqual(await registry(), before);
    });

    it("answers 400, never 500, to a version number or a text no store can hold", async () => {
      const before = await registry();
      await assertError(await api.fetch("/api/v1/models/churn/versions/99999999999"), 400, "invalid_request", "out of range");
      await assertError(await api.fetch("/api/v1/models/churn/versions/99999999999/lineage"), 400, "invalid_request", "out of range");
      await assertError(await del("/api/v1/models/churn/versions/99999999999"), 400, "invalid_request", "version");
      await assertError(await put("/api/v1/models/churn/aliases/champion", { version: 2 ** 40 }), 400, "invalid_request", "version");
      await assertError(await api.fetch("/api/v1/models/%00churn"), 400, "invalid_request", "path", "model", "NUL");
      await assertError(await api.fetch("/api/v1/experiments/a%00"), 400, "invalid_request", "experiment", "NUL");
      await assertError(await api.fetch("/api/v1/runs/%00"), 400, "invalid_request", "run", "NUL");
      await assertError(await api.fetch("/api/v1/tasks/%00"), 400, "invalid_request", "task", "NUL");
      await assertError(await api.fetch("/api/v1/runs/best?metric=a%00"), 400, "invalid_request", "querystring", "metric");
      const nul = { run: runId, task: "fit-a", description: "a\u0000b", tags: { ok: "x" } };
      await assertError(await api.post("/api/v1/models/other/versions", nul), 400, "invalid_request", "body", "description");
      await assertError(await api.post("/api/v1/experiments", { name: "x", description: "\u0000" }), 400, "invalid_request", "description");
      assert.deepEqual(await registry(), before);
    });

    it("moves, rolls back and deletes aliases, recording who and why", async () => {
      const moved = await put("/api/v1/models/churn/aliases/champion", { version: 1, reason: "v2 drifts" }, { "x-conveyor-actor": "ada" });
      assert.equal(moved.status, 200);
      const { event } = (await moved.json()) as any;
      assert.deepEqual([event.kind, event.fromVersion, event.toVersion, event.actor, event.reason], ["set", 2, 1, "ada", "v2 drifts"]);
      assert.deepEqual(await (await put("/api/v1/models/churn/aliases/champion", { version: 1 })).json(), { event: null });

      const back = await api.post("/api/v1/models/churn/aliases/champion/rollback", { reason: "false alarm", actor: "bob" });
      assert.equal(back.status, 200);
      const rolled = (await back.json()) as any;
      assert.deepEqual([rolled.kind, rolled.fromVersion, rolled.toVersion, rolled.actor], ["rollback", 1, 2, "bob"]);

      await put("/api/v1/models/churn/aliases/staging", { version: 1 });
      await assertError(await api.post("/api/v1/models/churn/aliases/staging/rollback"), 409, "no_rollback");
      const deleted = await del("/api/v1/models/churn/aliases/staging?reason=unused&actor=carol");
      assert.equal(deleted.status, 200);
      const gone = (await deleted.json()) as any;
      assert.deepEqual([gone.kind, gone.fromVersion, gone.toVersion, gone.actor, gone.reason], ["delete", 1, null, "carol", "unused"]);

      const trail = await api.json("/api/v1/models/churn/events?alias=champion");
      assert.deepEqual(
        trail.items.map((e: any) => [e.kind, e.toVersion]),
        [
          ["set", 2],
          ["set", 1],
          ["rollback", 2],
        ],
      );
    });

    it("deletes a version no alias points to, or says what it would delete", async () => {
      await assertError(await del("/api/v1/models/churn/versions/2"), 409, "in_use", "champion");
      const dry = await del("/api/v1/models/churn/versions/1?dryRun=1");
      assert.equal(dry.status, 200);
      assert.deepEqual(((await dry.json()) as any).dryRun, true);
      assert.equal((await api.json("/api/v1/models/churn/versions/1")).version, 1);
      const done = (await (await del("/api/v1/models/churn/versions/1")).json()) as any;
      assert.deepEqual([done.dryRun, done.version.version], [false, 1]);
      await assertError(await api.fetch("/api/v1/models/churn/versions/1"), 404, "not_found", "no version 1");
    });
  });
}

describe("API model registry with a token", () => {
  let api: ApiServer;
  before(async () => {
    api = await startServer("sqlite", { token: "s3cret" });
  });
  after(() => api.close());

  it("answers 401 to a wrong token before it reads or writes anything", async () => {
    await assertError(await api.fetch("/api/v1/models", { headers: { authorization: "Bearer nope" } }), 401, "unauthorized");
    await assertError(await api.post("/api/v1/models/churn/versions", { run: "x", task: "y" }, { authorization: "Bearer nope" }), 401, "unauthorized");
    await assertError(await api.post("/api/v1/experiments", { name: "x" }), 401, "unauthorized");
    assert.deepEqual(await api.project.store.listModels(), []);
    const ok = await api.fetch("/api/v1/models", { headers: { authorization: "Bearer s3cret" } });
    assert.equal(ok.status, 200);
  });
});
