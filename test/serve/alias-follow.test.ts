/**
 * Following an alias: when it moves, the server swaps to the new version under load without a
 * failed request; a version it cannot load (a corrupt file, a deleted version, a removed alias)
 * is refused with a logged error while the last good version keeps serving.
 */
import assert from "node:assert/strict";
import { chmod, writeFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import type { ServeLog } from "../../src/serve/serve-log.ts";
import type { ModelServer } from "../../src/serve/server.ts";
import { type TestProject, testProject } from "../helpers/project.ts";
import { churnTable, fit, post, register, serve } from "./serving-fixtures.ts";

const request = { inputs: [{ name: "tenure", shape: [1], datatype: "FP64", data: [12] }, { name: "plan", shape: [1], datatype: "BYTES", data: ["pro"] }] };

/** The version answering now. */
async function servingVersion(url: string): Promise<string> {
  const response = await post(`${url}/v2/models/churn/infer`, request);
  assert.equal(response.status, 200, response.text);
  return (response.body as { model_version: string }).model_version;
}

/** Asks until `version` answers (the poll runs every 50 ms); a bounded number of tries. */
async function until(url: string, version: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if ((await servingVersion(url)) === version) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`version ${version} never answered`);
}

/** Collects what the server logs, to check a refusal is reported. */
function recordingLog(): ServeLog & { errors: string[]; infos: string[] } {
  const errors: string[] = [];
  const infos: string[] = [];
  return { errors, infos, error: (_fields, message) => errors.push(message), info: (_fields, message) => infos.push(message) };
}

describe("following an alias", () => {
  let project: TestProject;
  before(async () => {
    project = await testProject();
    const table = churnTable();
    await register(project, "churn", await fit(table, "churned", "logistic-regression"), "champion");
    await register(project, "churn", await fit(table, "churned", "logistic-regression", { C: 0.01 }));
    await register(project, "churn", await fit(table, "churned", "decision-tree-classifier", { maxDepth: 2 }));
  });
  after(() => project.cleanup());

  it("swaps to the version the alias moves to under load, failing no request", async () => {
    await project.store.setAlias("churn", "champion", 1, { actor: "test" });
    const log = recordingLog();
    const { server, url } = await serve(project, { models: ["models:/churn@champion"], log });
    try {
      const statuses = new Map<number, number>();
      const versions = new Set<string>();
      // Requests go on from before the move until well after the new version answers (bounded).
      let sent = 0;
      let after2 = 0;
      const worker = async () => {
        while (after2 < 300 && sent < 5000) {
          sent += 1;
          if (sent === 300) await project.store.setAlias("churn", "champion", 2, { actor: "test", reason: "promote" });
          const response = await fetch(`${url}/v2/models/churn/infer`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request) });
          const body = (await response.json()) as { model_version?: string };
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (body.model_version) versions.add(body.model_version);
          if (versions.has("2")) after2 += 1;
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      assert.deepEqual([...statuses.keys()], [200], `statuses: ${JSON.stringify([...statuses])}`);
      assert.deepEqual([...versions].sort(), ["1", "2"]);
      assert.deepEqual(log.errors, []);
      assert.match(log.infos.join("\n"), /models:\/churn@champion moved: now serving version 2/);
    } finally {
      await server.close();
    }
  });

  it("refuses a version whose file fails its digest check and keeps the last good one", async () => {
    await project.store.setAlias("churn", "champion", 1, { actor: "test" });
    const log = recordingLog();
    const { server, url } = await serve(project, { models: ["models:/churn@champion"], log });
    try {
      const v3 = (await project.store.getModelVersion("churn", 3))!;
      const path = project.artifacts.localPath((await project.store.getArtifact(v3.artifactId))!.uri);
      await chmod(path, 0o644);
      await writeFile(path, '{"format":"conveyor.model","tampered":true}');
      await project.store.setAlias("churn", "champion", 3, { actor: "test" });
      for (let i = 0; i < 400 && log.errors.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.match(log.errors[0] ?? "", /refused version 3 of models:\/churn@champion; version 1 keeps serving/);
      assert.equal(await servingVersion(url), "1");
      // Once the alias moves to a good version, it is followed again.
      await project.store.setAlias("churn", "champion", 2, { actor: "test" });
      await until(url, "2");
      assert.equal(log.errors.length, 1, "the refusal is logged once, not at every poll");
    } finally {
      await server.close();
    }
  });

  it("keeps serving when the alias is removed, or names a version deleted under it", async () => {
    await project.store.setAlias("churn", "champion", 2, { actor: "test" });
    const log = recordingLog();
    // The store as the server reads it: an alias read just before the version it names was deleted.
    const stale = (await project.store.getModel("churn"))!;
    let staleReads = false;
    const store = {
      location: project.store.location,
      getModel: async (name: string) => (staleReads ? { ...stale, aliases: { champion: 1 } } : project.store.getModel(name)),
      getModelVersion: (name: string, version: number) => project.store.getModelVersion(name, version),
      getArtifact: (id: string) => project.store.getArtifact(id),
    };
    const { createModelServer } = await import("../../src/serve/server.ts");
    const server: ModelServer = await createModelServer({ models: ["models:/churn@champion"], source: { store, artifacts: project.artifacts }, pollMs: 50, log });
    const url = await server.listen({ port: 0 });
    try {
      await project.store.deleteModelVersion("churn", 1);
      staleReads = true;
      for (let i = 0; i < 400 && log.errors.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.match(log.errors[0] ?? "", /refused version 1 of models:\/churn@champion; version 2 keeps serving/);
      assert.equal(await servingVersion(url), "2");

      staleReads = false;
      await project.store.deleteAlias("churn", "champion", { actor: "test" });
      for (let i = 0; i < 400 && log.errors.length === 1; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.match(log.errors[1] ?? "", /models:\/churn@champion cannot be followed; version 2 keeps serving/);
      assert.equal(await servingVersion(url), "2");
    } finally {
      await server.close();
    }
  });
});
