import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { createDeployment, promote, rollback, setCandidate } from "../../src/serve/deployment-actions.ts";
import { conveyorError } from "../store/expect-conveyor-error.ts";
import { type RegistryFixture, registryFixture } from "./registry-fixture.ts";

const ADA = { actor: "ada", reason: "because" };
const canary = (model: string, percent = 10) => ({ model, policy: { kind: "canary" as const, percent } });

describe("deployment actions", () => {
  let fixture: RegistryFixture;
  afterEach(() => fixture.dispose());

  it("creates a deployment of a resolved reference, in its full form, and refuses one that names nothing", async () => {
    fixture = await registryFixture(2, { champion: 1 });
    const { store } = fixture;
    const { deployment, event } = await createDeployment(store, { name: "churn-api", model: "churn@champion", stage: "production" }, ADA);
    assert.equal(deployment.stable, "models:/churn@champion");
    assert.equal(deployment.stage, "production");
    assert.deepEqual(event.deployed, { model: "churn", version: 1 });
    await assert.rejects(createDeployment(store, { name: "b", model: "models:/churn/9" }, ADA), conveyorError("not_found", "no version 9"));
    await assert.rejects(createDeployment(store, { name: "b", model: "churn@nosuch" }, ADA), conveyorError("not_found", "nosuch"));
    await assert.rejects(createDeployment(store, { name: "b", model: "not a ref" }, ADA), conveyorError("invalid_model_uri"));
    assert.equal(await store.getDeployment("b"), undefined);
  });

  it("promotes a candidate by moving the stable alias, and rolls the promotion back once", async () => {
    fixture = await registryFixture(3, { champion: 1 });
    const { store } = fixture;
    await createDeployment(store, { name: "churn-api", model: "models:/churn@champion" }, ADA);
    await assert.rejects(setCandidate(store, "churn-api", canary("churn/1"), ADA), conveyorError("same_version", "version 1"));
    await assert.rejects(promote(store, "churn-api", ADA), conveyorError("no_candidate", "churn-api"));
    await setCandidate(store, "churn-api", canary("churn/2"), ADA);
    const promoted = await promote(store, "churn-api", ADA);
    assert.deepEqual([promoted.deployment.stable, promoted.deployment.candidate], ["models:/churn@champion", null]);
    assert.equal((await store.getModel("churn"))?.aliases.champion, 2);
    const back = await rollback(store, "churn-api", { actor: "bob", reason: "complaints" });
    assert.deepEqual(back.event.deployed, { model: "churn", version: 1 });
    assert.equal((await store.getModel("churn"))?.aliases.champion, 1);
    await assert.rejects(rollback(store, "churn-api", ADA), conveyorError("no_rollback", "churn-api"));
    assert.deepEqual(
      (await store.deploymentEvents("churn-api")).map((e) => [e.kind, e.deployed?.version ?? null, e.actor]),
      [["create", 1, "ada"], ["canary", 2, "ada"], ["promote", 2, "ada"], ["rollback", 1, "bob"]],
    );
  });

  it("promotes a candidate of a pinned version by making it the stable reference, and rolls that back", async () => {
    fixture = await registryFixture(3);
    const { store } = fixture;
    await createDeployment(store, { name: "d", model: "churn/1" }, ADA);
    await setCandidate(store, "d", { model: "churn/3", policy: { kind: "ab", weight: 50 } }, ADA);
    assert.equal((await promote(store, "d", ADA)).deployment.stable, "models:/churn/3");
    assert.equal((await rollback(store, "d", ADA)).deployment.stable, "models:/churn/1");
  });

  it("rolls back a candidate by dropping it, the stable untouched", async () => {
    fixture = await registryFixture(2, { champion: 1 });
    const { store } = fixture;
    await createDeployment(store, { name: "d", model: "churn@champion" }, ADA);
    await setCandidate(store, "d", { model: "churn/2", policy: { kind: "shadow" } }, ADA);
    const { deployment, event } = await rollback(store, "d", ADA);
    assert.deepEqual([deployment.stable, deployment.candidate, event.kind], ["models:/churn@champion", null, "rollback"]);
    assert.equal((await store.getModel("churn"))?.aliases.champion, 1);
    await assert.rejects(rollback(store, "d", ADA), conveyorError("no_rollback"));
    await assert.rejects(rollback(store, "nope", ADA), conveyorError("not_found", "nope"));
  });
});
