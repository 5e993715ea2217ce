/** Deployments over HTTP: create, list, show, candidate, promote, rollback; and bad input, answered 4xx with nothing written. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as P from "../engine/fixtures/pipelines.ts";
import { type ApiServer, assertError, STORES, startServer } from "./harness.ts";

for (const kind of STORES) {
  describe(`API deployments on ${kind}`, () => {
    let api: ApiServer;
    const put = (path: string, body: unknown) => api.fetch(path, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const events = async (name: string) => (await api.project.store.deploymentEvents(name)).length;

    before(async () => {
      api = await startServer(kind);
      const runId = (await api.project.run(P.train, { rows: 3 })).run.id;
      for (const [task, alias] of [["fit-a", "champion"], ["fit-b", undefined]]) {
        const res = await api.post("/api/v1/models/churn/versions", { run: runId, task, alias });
        assert.equal(res.status, 201, await res.clone().text());
      }
    });
    after(() => api.close());

    it("creates a deployment, gives it a canary, promotes it and rolls it back, each change audited with its actor", async () => {
      const created = await api.post("/api/v1/deployments", { name: "churn-api", model: "churn@champion", stage: "production", thresholds: { maxP99Ms: 50 }, reason: "launch" }, { "x-conveyor-actor": "ci-bot" });
      assert.equal(created.status, 201, await created.clone().text());
      assert.equal(created.headers.get("location"), "/api/v1/deployments/churn-api");
      const body = (await created.json()) as any;
      assert.deepEqual([body.deployment.stable, body.deployment.thresholds.maxP99Ms, body.event.actor, body.event.deployed], ["models:/churn@champion", 50, "ci-bot", { model: "churn", version: 1 }]);

      const canary = await put("/api/v1/deployments/churn-api/candidate", { model: "models:/churn/2", policy: { kind: "canary", percent: 10 } });
      assert.equal(canary.status, 200, await canary.clone().text());
      assert.deepEqual(((await canary.json()) as any).deployment.candidate, { model: "models:/churn/2", policy: { kind: "canary", percent: 10 } });

      const promoted = await api.post("/api/v1/deployments/churn-api/promote", { actor: "ada", reason: "clean canary" });
      assert.equal(promoted.status, 200, await promoted.clone().text());
      assert.equal((await api.json("/api/v1/models/churn")).model.aliases.champion, 2);
      const rolled = await api.post("/api/v1/deployments/churn-api/rollback");
      assert.equal(rolled.status, 200, await rolled.clone().text());
      assert.equal((await api.json("/api/v1/models/churn")).model.aliases.champion, 1);

      const detail = await api.json("/api/v1/deployments/churn-api");
      assert.deepEqual(
        detail.events.map((e: any) => [e.kind, e.actor, e.reason]),
        [["create", "ci-bot", "launch"], ["canary", "api", null], ["promote", "ada", "clean canary"], ["rollback", "api", null]],
      );
      const page = await api.json("/api/v1/deployments/churn-api/events?limit=2");
      assert.deepEqual(page.items.map((e: any) => e.kind), ["create", "canary"]);
      assert.ok(page.next);
      assert.deepEqual((await api.json(page.next)).items.map((e: any) => e.kind), ["promote", "rollback"]);
      assert.deepEqual((await api.json("/api/v1/deployments")).items.map((d: any) => d.name), ["churn-api"]);

      const lineage = await api.json("/api/v1/models/churn/versions/2/lineage");
      assert.deepEqual(lineage.nodes.find((n: any) => n.kind === "deployment"), { id: "deployments:/churn-api", kind: "deployment", name: "churn-api", stage: "production" });
      assert.deepEqual(
        lineage.edges.filter((e: any) => e.kind === "deployed").map((e: any) => e.name),
        ["canary", "promote"],
      );
    });

    it("answers 4xx naming what was wrong, and writes nothing", async () => {
      await api.post("/api/v1/deployments", { name: "held", model: "churn/1" });
      const before = await events("held");
      await assertError(await api.post("/api/v1/deployments", { name: "held", model: "churn/1" }), 409, "duplicate_deployment", "held");
      await assertError(await api.post("/api/v1/deployments", { name: "x", model: "churn/9" }), 404, "not_found", "no version 9");
      await assertError(await api.post("/api/v1/deployments", { name: "x", model: "churn" }), 400, "invalid_model_uri", "churn");
      await assertError(await api.post("/api/v1/deployments", { name: "bad name", model: "churn/1" }), 400, "invalid_name", "bad name");
      await assertError(await api.post("/api/v1/deployments", { name: "x", model: "churn/1", stage: "prod" }), 400, "invalid_request", "stage");
      await assertError(await api.post("/api/v1/deployments", { name: "x", model: "churn/1", thresholds: { maxErrorRate: 3 } }), 400, "invalid_request", "maxErrorRate");
      await assertError(await put("/api/v1/deployments/held/candidate", { model: "churn/2", policy: { kind: "canary", percent: 100 } }), 400, "invalid_request", "percent");
      await assertError(await put("/api/v1/deployments/held/candidate", { model: "churn/2", policy: { kind: "blue-green" } }), 400, "invalid_request", "kind");
      await assertError(await put("/api/v1/deployments/held/candidate", { model: "churn/1", policy: { kind: "shadow" } }), 409, "same_version", "version 1");
      await assertError(await api.post("/api/v1/deployments/held/promote"), 409, "no_candidate", "held");
      await assertError(await api.post("/api/v1/deployments/held/rollback"), 409, "no_rollback", "held");
      await assertError(await api.fetch("/api/v1/deployments/nope"), 404, "not_found", "nope");
      await assertError(await api.post("/api/v1/deployments/nope/promote"), 404, "not_found", "nope");
      await assertError(await api.fetch("/api/v1/deployments/nope/events"), 404, "not_found", "nope");
      assert.equal(await events("held"), before);
      assert.equal(await api.project.store.getDeployment("x"), undefined);
    });
  });
}
