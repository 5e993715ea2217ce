/** Deployments and their audit trail; the same tests on each backend. */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { DEFAULT_THRESHOLDS, type DeploymentEvent } from "../../src/store/deployment-types.ts";
import type { MetadataStore } from "../../src/store/types.ts";
import { conveyorError } from "./expect-conveyor-error.ts";
import { schemaSql } from "./schema-sql.ts";
import type { StoreHarness } from "./store-suite.ts";

const ADA = { actor: "ada", reason: "first release" };
const CANARY = { model: "models:/churn/2", policy: { kind: "canary" as const, percent: 10 } };

/** The moves an audit trail records, without ids and times. */
const moves = (events: DeploymentEvent[]) => events.map((e) => [e.kind, e.to.stable, e.to.candidate?.model ?? null, e.actor]);

export function deploymentSuite(backend: string, harness: StoreHarness): void {
  async function withStore(body: (store: MetadataStore) => Promise<void>): Promise<void> {
    const store = await (await harness.fresh()).open();
    try {
      await body(store);
    } finally {
      await store.close();
    }
  }

  const create = (store: MetadataStore, name = "churn-api") =>
    store.createDeployment({ name, stage: "staging", stable: "models:/churn@champion", thresholds: { maxErrorRate: 0.1 }, deployed: { model: "churn", version: 1 } }, ADA);

  describe(`deployments on ${backend}`, () => {
    after(() => harness.dispose());

    it("creates a deployment with default thresholds and records who made it and why", () =>
      withStore(async (store) => {
        const { deployment, event } = await create(store);
        assert.deepEqual({ ...deployment, createdAt: undefined, updatedAt: undefined }, {
          name: "churn-api",
          stage: "staging",
          stable: "models:/churn@champion",
          candidate: null,
          thresholds: { ...DEFAULT_THRESHOLDS, maxErrorRate: 0.1 },
          createdAt: undefined,
          updatedAt: undefined,
        });
        assert.deepEqual(await store.getDeployment("churn-api"), deployment);
        assert.deepEqual({ ...event, id: 0, createdAt: undefined }, {
          id: 0,
          deployment: "churn-api",
          kind: "create",
          from: null,
          to: { stable: "models:/churn@champion", candidate: null },
          deployed: { model: "churn", version: 1 },
          figures: null,
          actor: "ada",
          reason: "first release",
          createdAt: undefined,
        });
        assert.equal(await store.getDeployment("nope"), undefined);
      }));

    it("refuses a taken name, a bad name, a bad stage and bad thresholds, writing nothing", () =>
      withStore(async (store) => {
        await create(store);
        await assert.rejects(create(store), conveyorError("duplicate_deployment", "churn-api"));
        await assert.rejects(create(store, "has space"), conveyorError("invalid_name", "has space"));
        const bad = { name: "x", stage: "staging" as const, stable: "models:/churn/1", deployed: null };
        await assert.rejects(store.createDeployment({ ...bad, stage: "prod" as "production" }, ADA), conveyorError("invalid_deployment", "prod"));
        await assert.rejects(store.createDeployment({ ...bad, thresholds: { maxErrorRate: 2 } }, ADA), conveyorError("invalid_deployment", "maxErrorRate"));
        await assert.rejects(store.createDeployment({ ...bad, thresholds: { minRequests: 0.5 } }, ADA), conveyorError("invalid_deployment", "minRequests"));
        assert.deepEqual((await store.listDeployments()).map((d) => d.name), ["churn-api"]);
      }));

    it("lists deployments by name, a window at a time", () =>
      withStore(async (store) => {
        for (const name of ["b", "a", "C", "c"]) await create(store, name);
        assert.deepEqual((await store.listDeployments()).map((d) => d.name), ["C", "a", "b", "c"]);
        assert.deepEqual((await store.listDeployments({ limit: 2, after: "a" })).map((d) => d.name), ["b", "c"]);
      }));

    it("moves a candidate in and out, each change an event with the state before and after", () =>
      withStore(async (store) => {
        await create(store);
        const canary = await store.updateDeployment(
          "churn-api",
          { kind: "canary", to: { stable: "models:/churn@champion", candidate: CANARY }, deployed: { model: "churn", version: 2 } },
          { actor: "ci", reason: "v2 passed the gate" },
        );
        assert.deepEqual(canary.deployment.candidate, CANARY);
        assert.deepEqual(canary.event.from, { stable: "models:/churn@champion", candidate: null });
        await store.updateDeployment(
          "churn-api",
          { kind: "auto_rollback", to: { stable: "models:/churn@champion", candidate: null }, figures: { errorRate: 0.5, requests: 40 }, ifCandidate: CANARY.model },
          { actor: "server" },
        );
        const events = await store.deploymentEvents("churn-api");
        assert.deepEqual(moves(events), [
          ["create", "models:/churn@champion", null, "ada"],
          ["canary", "models:/churn@champion", "models:/churn/2", "ci"],
          ["auto_rollback", "models:/churn@champion", null, "server"],
        ]);
        assert.deepEqual(events[2]?.figures, { errorRate: 0.5, requests: 40 });
        assert.equal((await store.getDeployment("churn-api"))?.candidate, null);
        assert.deepEqual(moves(await store.deploymentEvents("churn-api", { limit: 1, offset: 1 })), [moves(events)[1]]);
      }));

    it("applies a change meant for one candidate only while that candidate is still there", () =>
      withStore(async (store) => {
        await create(store);
        await store.updateDeployment("churn-api", { kind: "canary", to: { stable: "models:/churn@champion", candidate: CANARY } }, ADA);
        await store.updateDeployment("churn-api", { kind: "promote", to: { stable: "models:/churn/2", candidate: null } }, ADA);
        await assert.rejects(
          store.updateDeployment("churn-api", { kind: "auto_rollback", to: { stable: "models:/churn/2", candidate: null }, ifCandidate: CANARY.model }, { actor: "server" }),
          conveyorError("conflict", "churn-api", "models:/churn/2"),
        );
        assert.equal((await store.deploymentEvents("churn-api")).length, 3);
      }));

    it("refuses an unknown deployment and a policy outside 0-100", () =>
      withStore(async (store) => {
        await create(store);
        const to = (percent: number) => ({ stable: "models:/churn/1", candidate: { model: "models:/churn/2", policy: { kind: "canary" as const, percent } } });
        await assert.rejects(store.updateDeployment("nope", { kind: "canary", to: to(10) }, ADA), conveyorError("not_found", "nope"));
        await assert.rejects(store.deploymentEvents("nope"), conveyorError("not_found", "nope"));
        await assert.rejects(store.updateDeployment("churn-api", { kind: "canary", to: to(100) }, ADA), conveyorError("invalid_deployment", "100"));
        await assert.rejects(store.updateDeployment("churn-api", { kind: "canary", to: to(0) }, ADA), conveyorError("invalid_deployment"));
        assert.equal((await store.getDeployment("churn-api"))?.stable, "models:/churn@champion");
      }));

    it("tells which deployments a model version was put into (lineage)", () =>
      withStore(async (store) => {
        await create(store, "a");
        await create(store, "b");
        await store.updateDeployment("b", { kind: "canary", to: { stable: "models:/churn@champion", candidate: CANARY }, deployed: { model: "churn", version: 2 } }, ADA);
        assert.deepEqual((await store.versionDeployments("churn", 1)).map((e) => [e.deployment, e.kind]), [["a", "create"], ["b", "create"]]);
        assert.deepEqual((await store.versionDeployments("churn", 2)).map((e) => [e.deployment, e.kind]), [["b", "canary"]]);
        assert.deepEqual(await store.versionDeployments("churn", 3), []);
      }));

    it("upgrades a version 6 store: it has no deployments, then takes one", async () => {
      const place = await harness.fresh();
      await place.exec(`${await schemaSql(harness.backend, 6)}; insert into pipelines values ('sha256:p', 'churn', '{}', 1)`);
      const store = await place.open();
      try {
        assert.deepEqual(await store.listDeployments(), []);
        await create(store);
        assert.equal((await store.deploymentEvents("churn-api")).length, 1);
      } finally {
        await store.close();
      }
    });
  });
}
