/**
 * A deployment as an endpoint, driven the way the server drives one: route each request, score
 * it with the version routed to, report the outcome. The candidates here are deliberately bad
 * (their predictions throw, or take far longer than the deployment allows) and must be rolled
 * back by the endpoint itself, recorded in the store with the figures that caused it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { afterEach, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { readCsv } from "../../src/ml/io/csv.ts";
import { fitModel } from "../../src/ml/fit-model.ts";
import { modelKind } from "../../src/ml/models/model-kinds.ts";
import type { Table } from "../../src/ml/table.ts";
import { takeRows } from "../../src/ml/table-rows.ts";
import { type FittedModel, TrainedClassifier } from "../../src/ml/trained-model.ts";
import { resolveModel } from "../../src/registry/resolve.ts";
import { createDeployment, promote, setCandidate } from "../../src/serve/deployment-actions.ts";
import { deploymentEndpoint } from "../../src/serve/deployment-endpoint.ts";
import type { Endpoint } from "../../src/serve/endpoint.ts";
import { type ServedVersion, servedVersion } from "../../src/serve/served-version.ts";
import { REPO_ROOT } from "../helpers/project.ts";
import { type RegistryFixture, registryFixture } from "./registry-fixture.ts";

const ADA = { actor: "ada" };

/** Its predictions throw, as a model with a bug would. */
class ThrowingClassifier extends TrainedClassifier {
  override async predict(): Promise<never> {
    throw new Error("deliberately broken");
  }
}

/** Right, but 40 ms a call: far above the 10 ms p99 its test allows (the others allow a minute, whatever the machine's load). */
class SlowClassifier extends TrainedClassifier {
  override async predict(table: Table) {
    await sleep(40);
    return super.predict(table);
  }
}

/** One endpoint per version, serving it as loaded: what the server's model reference endpoint gives for a pinned version. */
function versionEndpoint(name: string, served: ServedVersion): Endpoint {
  return {
    name,
    deployment: null,
    route: () => ({ primary: served }),
    version: (n) => (n === served.version ? served : undefined),
    loaded: () => [served],
    observe() {},
    async close() {},
  };
}

let iris: Table;
let good: TrainedClassifier;

async function setUp(models: (good: TrainedClassifier) => Record<number, FittedModel>) {
  iris ??= await readCsv(join(REPO_ROOT, "data/iris.csv"));
  good ??= (await fitModel(iris, { target: "target", kind: modelKind("logistic-regression"), params: {}, steps: [] })) as TrainedClassifier;
  const trained = models(good);
  const fixture = await registryFixture(Object.keys(trained).length, { champion: 1 });
  const opened: string[] = [];
  const openModel = async (reference: string) => {
    opened.push(reference);
    const v = await resolveModel(fixture.store, reference);
    return versionEndpoint(v.model, servedVersion(v.model, v.version, v.digest, trained[v.version] as FittedModel));
  };
  return { fixture, store: fixture.store, openModel, opened };
}

/** What the server does with one request: route, score (timed), report. Returns the version that answered, or the error. */
async function serveOne(endpoint: Endpoint, key: string | undefined, row: number): Promise<{ version: number; ok: boolean }> {
  const route = endpoint.route({ key });
  assert.ok(route, "a version is loaded");
  const table = takeRows(iris, [row]);
  const score = async (version: ServedVersion) => {
    const started = performance.now();
    let ok = true;
    try {
      await version.trained.predict(table);
    } catch {
      ok = false;
    }
    return { ok, latencyMs: performance.now() - started };
  };
  const primary = await score(route.primary);
  endpoint.observe({ version: route.primary, role: "primary", ...primary });
  if (route.shadow) endpoint.observe({ version: route.shadow, role: "shadow", ...(await score(route.shadow)) });
  return { version: route.primary.version, ok: primary.ok };
}

const silent = { info() {}, error() {} };

describe("deployment endpoint", () => {
  let fixture: RegistryFixture | undefined;
  let endpoint: Endpoint | undefined;
  afterEach(async () => {
    await endpoint?.close();
    await fixture?.dispose();
  });

  async function deployed(models: (good: TrainedClassifier) => Record<number, FittedModel>, thresholds = { minRequests: 20, maxErrorRate: 0.1, maxP99Ms: 60_000 }) {
    const made = await setUp(models);
    fixture = made.fixture;
    await createDeployment(made.store, { name: "churn-api", model: "churn@champion", thresholds }, ADA);
    return made;
  }

  it("shares keys between stable and a canary, one key always on one side, and copies requests to a shadow", async () => {
    const { store, openModel } = await deployed((m) => ({ 1: m, 2: m }));
    await setCandidate(store, "churn-api", { model: "churn/2", policy: { kind: "canary", percent: 30 } }, ADA);
    endpoint = await deploymentEndpoint({ store, name: "churn-api", openModel, log: silent, pollMs: 10 });
    assert.equal(endpoint.deployment, "churn-api");
    assert.deepEqual(endpoint.loaded().map((v) => v.version), [1, 2]);
    const sides = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const key = `user-${i % 500}`;
      const { version } = await serveOne(endpoint, key, i % 150);
      assert.equal(sides.get(key) ?? version, version, `${key} stays on one version`);
      sides.set(key, version);
    }
    const share = [...sides.values()].filter((v) => v === 2).length / sides.size;
    assert.ok(share > 0.22 && share < 0.38, `the canary has ${share} of the keys`);

    await setCandidate(store, "churn-api", { model: "churn/2", policy: { kind: "shadow" } }, ADA);
    await until(() => endpoint?.route({ key: "k" })?.shadow !== undefined);
    const route = endpoint.route({ key: "user-1" });
    assert.deepEqual([route?.primary.version, route?.shadow?.version], [1, 2]);
  });

  it("rolls back a candidate whose predictions throw, and records the rollback with its figures", async () => {
    const { store, openModel } = await deployed((m) => ({ 1: m, 2: new ThrowingClassifier(m.info, m.estimator) }));
    await setCandidate(store, "churn-api", { model: "churn/2", policy: { kind: "canary", percent: 50 } }, ADA);
    endpoint = await deploymentEndpoint({ store, name: "churn-api", openModel, log: silent, pollMs: 10 });
    const answered = [];
    for (let i = 0; i < 300; i++) answered.push(await serveOne(endpoint, `user-${i}`, i % 150));
    const failed = answered.filter((a) => !a.ok);
    assert.equal(failed.length, 20, "the candidate failed the minimum number of requests, then got no more");
    assert.ok(failed.every((a) => a.version === 2));
    assert.ok(answered.slice(answered.lastIndexOf(failed.at(-1) as { version: number; ok: boolean }) + 1).every((a) => a.version === 1 && a.ok));
    await endpoint.close();
    endpoint = undefined;

    const deployment = await store.getDeployment("churn-api");
    assert.equal(deployment?.candidate, null);
    const last = (await store.deploymentEvents("churn-api")).at(-1);
    assert.equal(last?.kind, "auto_rollback");
    assert.match(last?.actor ?? "", /^conveyor-serve@/);
    assert.match(last?.reason ?? "", /error rate 1 > 0\.1/);
    assert.deepEqual(
      { ...last?.figures, p99Ms: undefined },
      { requests: 20, errors: 20, errorRate: 1, p99Ms: undefined, labelled: 0, windowSeconds: 60 },
    );
    assert.deepEqual(last?.from?.candidate?.model, "models:/churn/2");
  });

  it("rolls back a candidate too slow for the deployment's p99, and does not take it back from the store", async () => {
    const { store, openModel, opened } = await deployed((m) => ({ 1: m, 2: new SlowClassifier(m.info, m.estimator) }), { minRequests: 20, maxErrorRate: 0.1, maxP99Ms: 10 });
    await setCandidate(store, "churn-api", { model: "churn/2", policy: { kind: "ab", weight: 50 } }, ADA);
    endpoint = await deploymentEndpoint({ store, name: "churn-api", openModel, log: silent, pollMs: 10 });
    const versions = [];
    for (let i = 0; i < 120; i++) versions.push((await serveOne(endpoint, `user-${i}`, i % 150)).version);
    assert.equal(versions.filter((v) => v === 2).length, 20);
    await until(async () => (await store.deploymentEvents("churn-api")).at(-1)?.kind === "auto_rollback");
    const last = (await store.deploymentEvents("churn-api")).at(-1);
    assert.ok((last?.figures?.p99Ms ?? 0) >= 40, `p99 ${last?.figures?.p99Ms} ms`);
    assert.match(last?.reason ?? "", /p99 latency .* > 10 ms/);
    await sleep(50);
    assert.deepEqual(opened, ["models:/churn@champion", "models:/churn/2"], "the rolled-back candidate is not opened again");
  });

  it("follows promotions and new candidates made elsewhere", async () => {
    const { store, openModel } = await deployed((m) => ({ 1: m, 2: m, 3: m }));
    await setCandidate(store, "churn-api", { model: "churn/2", policy: { kind: "canary", percent: 50 } }, ADA);
    endpoint = await deploymentEndpoint({ store, name: "churn-api", openModel, log: silent, pollMs: 10 });
    await promote(store, "churn-api", ADA);
    await setCandidate(store, "churn-api", { model: "churn/3", policy: { kind: "canary", percent: 50 } }, ADA);
    await until(() => endpoint?.loaded().some((v) => v.version === 3) === true);
    assert.equal((await store.getModel("churn"))?.aliases.champion, 2);
    assert.equal((await store.deploymentEvents("churn-api")).at(-1)?.kind, "canary");
  });

  it("records no rollback of a candidate promoted meanwhile by someone else", async () => {
    const { store, openModel } = await deployed((m) => ({ 1: m, 2: new ThrowingClassifier(m.info, m.estimator) }));
    await setCandidate(store, "churn-api", { model: "churn/2", policy: { kind: "canary", percent: 50 } }, ADA);
    // Polling too rarely to see the promotion before the guard fires.
    const errors: string[] = [];
    const log = { info() {}, error: (_: object, message: string) => errors.push(message) };
    endpoint = await deploymentEndpoint({ store, name: "churn-api", openModel, log, pollMs: 600_000 });
    await promote(store, "churn-api", { actor: "bob" });
    for (let i = 0; i < 100; i++) await serveOne(endpoint, `user-${i}`, i % 150);
    await endpoint.close();
    endpoint = undefined;
    assert.deepEqual(errors, ["churn-api: rolled back models:/churn/2 (error rate 1 > 0.1)", "churn-api: the rollback of models:/churn/2 was not recorded"]);
    assert.deepEqual((await store.deploymentEvents("churn-api")).map((e) => e.kind), ["create", "canary", "promote"]);
    assert.equal((await store.getModel("churn"))?.aliases.champion, 2);
  });

  it("serves only the stable version while the candidate cannot load, reporting it once", async () => {
    const made = await deployed((m) => ({ 1: m, 2: m }));
    fixture = made.fixture;
    await setCandidate(made.store, "churn-api", { model: "churn/2", policy: { kind: "canary", percent: 50 } }, ADA);
    const errors: string[] = [];
    const log = { info() {}, error: (_: object, message: string) => errors.push(message) };
    const openModel = async (reference: string) => {
      if (reference === "models:/churn/2") throw new Error("its file fails its digest check");
      return made.openModel(reference);
    };
    endpoint = await deploymentEndpoint({ store: made.store, name: "churn-api", openModel, log, pollMs: 10 });
    assert.deepEqual(endpoint.loaded().map((v) => v.version), [1]);
    for (let i = 0; i < 50; i++) assert.equal((await serveOne(endpoint, `user-${i}`, i % 150)).version, 1);
    await sleep(50);
    assert.deepEqual(errors, ["churn-api: refused candidate models:/churn/2; the stable version keeps serving"]);
  });

  it("keeps serving its stable version when the one it is moved to cannot load, reporting it once", async () => {
    const made = await deployed((m) => ({ 1: m, 2: m }));
    fixture = made.fixture;
    const errors: string[] = [];
    const log = { info() {}, error: (_: object, message: string) => errors.push(message) };
    const openModel = async (reference: string) => {
      if (reference === "models:/churn/2") throw new Error("its file fails its digest check");
      return made.openModel(reference);
    };
    endpoint = await deploymentEndpoint({ store: made.store, name: "churn-api", openModel, log, pollMs: 10 });
    await made.store.updateDeployment("churn-api", { kind: "promote", to: { stable: "models:/churn/2", candidate: null } }, ADA);
    await until(() => errors.length > 0);
    await sleep(100);
    assert.deepEqual(errors, ["churn-api: cannot follow the deployment; what serves keeps serving"]);
    assert.equal((await serveOne(endpoint, "user-1", 0)).version, 1);
  });

  it("refuses an unknown deployment", async () => {
    const made = await setUp((m) => ({ 1: m }));
    fixture = made.fixture;
    await assert.rejects(deploymentEndpoint({ store: made.store, name: "nope", openModel: made.openModel, log: silent }), /deployment "nope" was not found/);
  });
});

/** Waits (bounded) for what the endpoint's polling brings about. */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await sleep(10);
  }
  assert.fail("the condition did not come about within 5 s");
}
