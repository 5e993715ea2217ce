/** Bad requests get a 4xx naming what was wrong, never a 500, and leave nothing behind. */
import assert from "node:assert/strict";
import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { createServer } from "../../src/api/server.ts";
import * as P from "../engine/fixtures/pipelines.ts";
import { testProject } from "../helpers/project.ts";
import { type ApiServer, assertError, STORES, startServer } from "./harness.ts";

for (const kind of STORES) {
  describe(`API bad input on ${kind}`, () => {
    let api: ApiServer;
    let runId: string;
    /** The number of runs recorded: a failed request must not add one. */
    const runCount = async () => (await api.project.store.listRuns()).length;
    before(async () => {
      api = await startServer(kind);
      runId = (await api.project.run(P.train, { rows: 2 })).run.id;
      await api.writeIr("train.json", P.train);
    });
    after(() => api.close());

    it("404 for an unknown run, task, artifact or route, naming it", async () => {
      await assertError(await api.fetch("/api/v1/runs/nosuchrun"), 404, "not_found", '"nosuchrun"');
      for (const tail of ["tasks", "attempts", "logs", "metrics", "artifacts", "lineage", "events"]) {
        await assertError(await api.fetch(`/api/v1/runs/nosuchrun/${tail}`), 404, "not_found", '"nosuchrun"');
      }
      await assertError(await api.fetch(`/api/v1/runs/${runId}/tasks/nosuchtask`), 404, "not_found", '"nosuchtask"', runId);
      await assertError(await api.fetch(`/api/v1/runs/${runId}/tasks/nosuchtask/logs?follow=1`), 404, "not_found", '"nosuchtask"');
      await assertError(await api.fetch(`/api/v1/runs/${runId}/metrics?task=nosuchtask`), 404, "not_found", '"nosuchtask"');
      await assertError(await api.post("/api/v1/runs/nosuchrun/cancel"), 404, "not_found", '"nosuchrun"');
      for (const tail of ["", "/content", "/preview", "/lineage"]) {
        await assertError(await api.fetch(`/api/v1/artifacts/nosuchartifact${tail}`), 404, "not_found", '"nosuchartifact"');
      }
      const digest = `sha256:${"0".repeat(64)}`;
      await assertError(await api.fetch(`/api/v1/artifacts/${digest}`), 404, "not_found", digest);
      await assertError(await api.fetch("/api/v1/nothing/here"), 404, "route_not_found", "/api/v1/nothing/here");
    });

    it("400 for invalid query and path parameters, naming the field", async () => {
      await assertError(await api.fetch("/api/v1/runs?limit=abc"), 400, "invalid_request", "querystring", "limit");
      await assertError(await api.fetch("/api/v1/runs?limit=0"), 400, "invalid_request", "limit");
      await assertError(await api.fetch("/api/v1/runs?limit=100000"), 400, "invalid_request", "limit");
      await assertError(await api.fetch("/api/v1/runs?status=exploded"), 400, "invalid_request", "status");
      await assertError(await api.fetch(`/api/v1/runs/${runId}/logs?follow=maybe`), 400, "invalid_request", "follow");
      await assertError(await api.fetch(`/api/v1/runs/${runId}/logs?after=-1`), 400, "invalid_request", "after");
      await assertError(await api.fetch(`/api/v1/runs/${runId}/tasks?cursor=bogus`), 400, "invalid_cursor", '"bogus"');
      await assertError(await api.fetch("/api/v1/artifacts/x/preview?rows=0"), 400, "invalid_request", "rows");
    });

    it("400 for invalid JSON, 413 for a body over 1 MiB, 415 for a body that is not JSON", async () => {
      const before = await runCount();
      await assertError(await api.post("/api/v1/runs", "{not json"), 400, "invalid_json", "JSON");
      await assertError(await api.post("/api/v1/runs", ""), 400, "invalid_json");
      const huge = JSON.stringify({ pipeline: "train.json", params: { blob: "x".repeat(1024 * 1024) } });
      await assertError(await api.post("/api/v1/runs", huge), 413, "body_too_large");
      const text = await api.fetch("/api/v1/runs", { method: "POST", headers: { "content-type": "text/plain" }, body: "train.json" });
      await assertError(text, 415, "unsupported_media_type");
      assert.equal(await runCount(), before, "no run was recorded");
    });

    it("400 for a start request that is wrong, naming the field, and nothing recorded", async () => {
      const before = await runCount();
      await assertError(await api.post("/api/v1/runs"), 400, "invalid_request", "body");
      await assertError(await api.post("/api/v1/runs", {}), 400, "invalid_request", "pipeline");
      await assertError(await api.post("/api/v1/runs", { pipeline: 42 }), 400, "invalid_request", "pipeline");
      await assertError(await api.post("/api/v1/runs", { pipeline: "train.json", extra: 1 }), 400, "invalid_request", "extra");
      await assertError(
        await api.post("/api/v1/runs", { pipeline: "train.json", options: { concurrency: 0 } }),
        400,
        "invalid_request",
        "options.concurrency",
      );
      await assertError(await api.post("/api/v1/runs", { pipeline: "train.json", params: { rows: "many" } }), 400, "invalid_param", "rows");
      await assertError(await api.post("/api/v1/runs", { pipeline: "train.json", params: { trees: 3 } }), 400, "unknown_param", "trees");
      await assertError(await api.post("/api/v1/runs", { pipeline: "missing.json" }), 400, "invalid_pipeline_path", "missing.json");
      await assertError(await api.post("/api/v1/runs", { pipeline: "../outside.json" }), 400, "invalid_pipeline_path", "outside");
      await assertError(await api.post("/api/v1/runs", { pipeline: "/etc/passwd" }), 400, "invalid_pipeline_path", "absolute");
      await writeFile(join(api.project.dir, "notes.txt"), "hello");
      await assertError(await api.post("/api/v1/runs", { pipeline: "notes.txt" }), 400, "not_a_pipeline", "notes.txt");
      await writeFile(join(api.project.dir, "broken.json"), '{"irVersion": 1, "name": 3}');
      await assertError(await api.post("/api/v1/runs", { pipeline: "broken.json" }), 400, "invalid_ir", "broken.json");
      await writeFile(join(api.project.dir, "broken.mts"), "export default = ;\n");
      await assertError(await api.post("/api/v1/runs", { pipeline: "broken.mts" }), 400, "compile_error", "broken", ":1:16");
      await writeFile(join(api.project.dir, "throws.mts"), 'throw new Error("no data folder");\n');
      await assertError(await api.post("/api/v1/runs", { pipeline: "throws.mts" }), 400, "pipeline_load_failed", "throws.mts", "no data folder");
      assert.equal(await runCount(), before, "no run was recorded");
    });

    it("400 for a filter nested thousands deep, which overflowed the parser's stack (a 500) before", async () => {
      const deep = `${"(".repeat(5000)}status = "failed"${")".repeat(5000)}`;
      await assertError(await api.fetch(`/api/v1/runs/search?where=${encodeURIComponent(deep)}`), 400, "invalid_filter", "more than 32 deep");
      // The longest filter the parser accepts runs on the database.
      const longest = Array.from({ length: 100 }, (_, i) => (i % 2 ? `metrics.m${i} > 0` : `(tags.t${i} = "x")`)).join(" or ");
      const found = await api.json(`/api/v1/runs/search?where=${encodeURIComponent(longest)}`);
      assert.equal(found.total, 0);
    });

    it("400 for a body nested 5,000 deep, which overflowed the NUL check's stack (a 500) before, and nothing recorded", async () => {
      const before = await runCount();
      const deep = `{"pipeline":"train.json","params":{"rows":${"[".repeat(5000)}${"]".repeat(5000)}}}`;
      await assertError(await api.post("/api/v1/runs", deep), 400, "invalid_request", "body", "params.rows", "nested more than 64 levels");
      assert.equal(await runCount(), before, "no run was recorded");
    });

    it("400 for a lone UTF-16 surrogate, which was stored mangled and answered 500, and nothing written", async () => {
      // Sent as the JSON escape: the character itself has no UTF-8 form to send.
      await assertError(await api.post("/api/v1/experiments", '{"name":"exp\\ud800"}'), 400, "invalid_request", "body", "name", "surrogate");
      await assertError(await api.post("/api/v1/experiments", '{"name":"ok","description":"\\udc00"}'), 400, "invalid_request", "description");
      const names = (await api.project.store.listExperiments()).map((e) => e.name);
      assert.ok(!names.some((n) => n.startsWith("exp") || n === "ok"), `nothing was created: ${names.join(", ")}`);
      // A pair of surrogates is one character, and welcome.
      assert.equal((await api.post("/api/v1/experiments", { name: "rocket \u{1F680}" })).status, 201);
    });

    it("shows the store's location and paths in messages relative to the project, never where it sits on disk", async () => {
      const info = await api.json("/api/v1");
      assert.equal(info.store, kind === "sqlite" ? ".conveyor/conveyor.db" : info.store);
      const body = await assertError(await api.fetch("/api/v1/models/nosuchmodel"), 404, "not_found", "nosuchmodel");
      assert.ok(!JSON.stringify([info, body]).includes(api.project.dir), JSON.stringify([info, body]));
    });

    it("409 to cancel a run that ended, and for an artifact whose file no longer matches its digest", async () => {
      await assertError(await api.post(`/api/v1/runs/${runId}/cancel`), 409, "run_finished", runId);
      const [use] = (await api.json(`/api/v1/runs/${runId}/artifacts`)).items;
      const artifact = await api.project.store.getArtifact(use.artifact.id);
      const file = fileURLToPath(artifact!.uri);
      await chmod(file, 0o644);
      await writeFile(file, "tampered");
      await assertError(await api.fetch(`/api/v1/artifacts/${artifact!.id}/content`), 409, "corrupt_artifact", artifact!.digest);
      await assertError(await api.fetch(`/api/v1/artifacts/${artifact!.id}/preview`), 409, "corrupt_artifact");
    });

    it("400 to preview an artifact that is not a dataset", async () => {
      const uses = (await api.json(`/api/v1/runs/${runId}/artifacts`)).items;
      const model = uses.find((u: any) => u.artifact.type === "Model").artifact;
      await assertError(await api.fetch(`/api/v1/artifacts/${model.id}/preview`), 400, "no_preview", model.id, "Model");
    });
  });
}

it("answers 500 only for a bug, keeping its details in the server log", async () => {
  const project = await testProject("sqlite");
  let log = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      log += String(chunk);
      done();
    },
  });
  // A store whose listRuns fails as a bug would: not a ConveyorError.
  const store = Object.create(project.store, { listRuns: { value: () => Promise.reject(new TypeError("listRuns exploded")) } });
  const app = await createServer({ store, artifacts: project.artifacts, engine: project.engine(), root: project.dir, token: "", log: { level: "error", stream } });
  try {
    const url = await app.listen({ port: 0, host: "127.0.0.1" });
    const res = await fetch(`${url}/api/v1/runs`);
    assert.equal(res.status, 500);
    const body = (await res.json()) as any;
    assert.equal(body.code, "internal_error");
    assert.ok(!JSON.stringify(body).includes("exploded"), "the details stay on the server");
    assert.match(log, /listRuns exploded/);
    assert.match(log, /at /, "with its stack");
  } finally {
    await app.close();
    await project.cleanup();
  }
});
