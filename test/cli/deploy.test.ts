/** `conveyor deploy`: every command with --json, and the exit codes a CI job branches on. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { LocalArtifactStore } from "../../src/artifacts/local.ts";
import { createServer } from "../../src/api/server.ts";
import { LocalEngine } from "../../src/executors/local-engine.ts";
import { openStore } from "../../src/store/open.ts";
import { REPO_ROOT } from "../helpers/project.ts";
import { assertOk, assertUserError, json, type Project, project, type Result, SDK } from "./harness.ts";

const DATA = join(REPO_ROOT, "data/iris.csv");

/** A pipeline registering one version of "iris" trained with `kind`, optionally as champion. */
const registering = (kind: string, alias: string) => `import { ingestCsv, pipeline, registerModel, trainModel } from ${JSON.stringify(SDK)};
export default pipeline({ name: "iris-${kind}" }, () => {
  const raw = ingestCsv({ path: ${JSON.stringify(DATA)} });
  const fit = trainModel({ data: raw.outputs.data, target: "target", kind: "${kind}", task: "classification" });
  registerModel({ model: fit.outputs.model, name: "iris", alias: "${alias}" });
});
`;

/** An error the deploy commands give their own exit code, printed as any user error is. */
function assertExit(result: Result, code: number, ...mentions: string[]): void {
  assert.equal(result.code, code, `expected exit ${code}, got ${result.code}\nstderr: ${result.stderr}`);
  assert.match(result.stderr, /^error: /);
  assert.doesNotMatch(result.stderr, /^ {4}at /m);
  for (const m of mentions) assert.ok(result.stderr.includes(m), `stderr should mention ${m}:\n${result.stderr}`);
}

describe("conveyor deploy", () => {
  let p: Project;
  before(async () => {
    p = await project();
    await p.write("v1.ts", registering("logistic-regression", "champion"));
    await p.write("v2.ts", registering("decision-tree", ""));
    assertOk(await p.cli("run", "v1.ts"));
    assertOk(await p.cli("run", "v2.ts"));
  });

  it("creates, canaries, promotes and rolls back, each change in the history", async () => {
    const created = json(await p.cli("deploy", "create", "iris-api", "--model", "iris@champion", "--stage", "production", "--max-error-rate", "0.02", "--reason", "first", "--json"));
    assert.equal(created.deployment.stable, "models:/iris@champion");
    assert.equal(created.deployment.thresholds.maxErrorRate, 0.02);
    assert.deepEqual(created.event.deployed, { model: "iris", version: 1 });

    const listed = json(await p.cli("deploy", "list", "--json"));
    assert.deepEqual(listed.map((d: { name: string }) => d.name), ["iris-api"]);
    assert.match((await p.cli("deploy", "list")).stdout, /iris-api\s+production\s+models:\/iris@champion/);

    const canary = json(await p.cli("deploy", "canary", "iris-api", "--model", "models:/iris/2", "--percent", "10", "--json"));
    assert.deepEqual(canary.deployment.candidate, { model: "models:/iris/2", policy: { kind: "canary", percent: 10 } });
    const text = await p.cli("deploy", "shadow", "iris-api", "--model", "iris/2", "--reason", "watch it first");
    assertOk(text);
    assert.equal(text.stdout, "iris-api: candidate models:/iris/2 (shadow) (v2 of iris)\n");

    assert.equal(json(await p.cli("deploy", "promote", "iris-api", "--json")).event.kind, "promote");
    assert.equal(json(await p.cli("models", "show", "iris@champion", "--json")).version, 2);
    assert.equal(json(await p.cli("deploy", "rollback", "iris-api", "--reason", "complaints", "--json")).event.deployed.version, 1);

    const shown = json(await p.cli("deploy", "show", "iris-api", "--json"));
    assert.deepEqual(
      shown.events.map((e: { kind: string; reason: string | null }) => [e.kind, e.reason]),
      [["create", "first"], ["canary", null], ["shadow", "watch it first"], ["promote", null], ["rollback", "complaints"]],
    );
    const page = (await p.cli("deploy", "show", "iris-api")).stdout;
    assert.match(page, /^deployment iris-api {2}production$/m);
    assert.match(page, /rollback +error rate > 0\.02, p99 > 500 ms, over 60 s once 20 requests/);
    assert.match(page, /promoted models:\/iris\/2: stable models:\/iris@champion \(v2 of iris\)/);

    const lineage = json(await p.cli("lineage", "models:/iris/2", "--json"));
    assert.ok(lineage.nodes.some((n: { id: string; kind: string; stage: string }) => n.id === "deployments:/iris-api" && n.kind === "deployment" && n.stage === "production"));
    assert.deepEqual(
      lineage.edges.filter((e: { kind: string }) => e.kind === "deployed").map((e: { from: string; to: string; name: string }) => [e.from, e.to, e.name]),
      [["models:/iris/2", "deployments:/iris-api", "canary"], ["models:/iris/2", "deployments:/iris-api", "shadow"], ["models:/iris/2", "deployments:/iris-api", "promote"]],
    );
    assert.match((await p.cli("lineage", "models:/iris/1")).stdout, /^models:\/iris\/1 \(champion\) {2}from run \w+ {2}deployed in iris-api \(production: create, rollback\)$/m);
  });

  it("exits 3 when the deployment is not in the state the step needs", async () => {
    assertOk(await p.cli("deploy", "create", "state", "--model", "iris/1"));
    assertExit(await p.cli("deploy", "create", "state", "--model", "iris/1"), 3, 'deployment "state" already exists');
    assertExit(await p.cli("deploy", "promote", "state"), 3, "no candidate to promote", "rolled back automatically");
    assertExit(await p.cli("deploy", "rollback", "state"), 3, "no candidate and no promotion left to roll back");
    assertExit(await p.cli("deploy", "canary", "state", "--model", "iris/1", "--percent", "5"), 3, "already serves");
  });

  it("exits 4 when what it names does not exist", async () => {
    assertExit(await p.cli("deploy", "show", "nope"), 4, 'deployment "nope" was not found');
    assertExit(await p.cli("deploy", "promote", "nope", "--json"), 4, 'deployment "nope"');
    assertExit(await p.cli("deploy", "create", "x", "--model", "iris/9"), 4, "no version 9");
    assertExit(await p.cli("deploy", "create", "x", "--model", "other@champion"), 4, 'model "other" was not found');
  });

  it("exits 2 on bad input, naming it, and writes nothing", async () => {
    const before = await p.fingerprint();
    assertUserError(await p.cli("deploy", "create", "bad name", "--model", "iris/1"), "deployment name");
    assertUserError(await p.cli("deploy", "create", "x", "--model", "iris"), '"iris" is not a model reference');
    assertUserError(await p.cli("deploy", "create", "x", "--model", "iris/1", "--stage", "prod"), 'stage "prod"', "staging, production");
    assertUserError(await p.cli("deploy", "create", "x", "--model", "iris/1", "--max-error-rate", "lots"), "--max-error-rate must be a number");
    assertUserError(await p.cli("deploy", "create", "x", "--model", "iris/1", "--min-requests", "0"), "minRequests");
    assertUserError(await p.cli("deploy", "canary", "iris-api", "--model", "iris/2", "--percent", "100"), "canary percent 100");
    assertUserError(await p.cli("deploy", "canary", "iris-api", "--model", "iris/2"), "--percent");
    assert.equal(await p.fingerprint(), before);
  });

  it("does the same through a server (CONVEYOR_URL), exit codes included", async () => {
    const store = await openStore({ root: p.dir });
    const artifacts = new LocalArtifactStore(p.dir);
    const engine = new LocalEngine({ store, artifacts, root: p.dir });
    const app = await createServer({ store, artifacts, engine, root: p.dir, log: { level: "silent" } });
    const url = await app.listen({ port: 0, host: "127.0.0.1" });
    const remote = async (...args: string[]) => {
      process.env.CONVEYOR_URL = url;
      try {
        return await p.cli(...args);
      } finally {
        delete process.env.CONVEYOR_URL;
      }
    };
    try {
      const created = json(await remote("deploy", "create", "remote-api", "--model", "iris/1", "--reason", "over http", "--json"));
      assert.deepEqual([created.deployment.stable, created.event.reason], ["models:/iris/1", "over http"]);
      assert.equal(json(await remote("deploy", "ab", "remote-api", "--model", "iris/2", "--weight", "50", "--json")).event.kind, "ab");
      assert.equal((await remote("deploy", "show", "remote-api")).stdout, (await p.cli("deploy", "show", "remote-api")).stdout);
      assert.deepEqual(json(await remote("deploy", "list", "--json")), json(await p.cli("deploy", "list", "--json")));
      assertExit(await remote("deploy", "show", "nope"), 4, 'deployment "nope" was not found');
      assertExit(await remote("deploy", "ab", "remote-api", "--model", "iris/1", "--weight", "5"), 3, "already serves");
      assert.equal(json(await remote("deploy", "rollback", "remote-api", "--json")).deployment.candidate, null);
      assertExit(await remote("deploy", "promote", "remote-api"), 3, "no candidate to promote");
    } finally {
      await app.close();
      await engine.close();
      await store.close();
    }
  });
});
