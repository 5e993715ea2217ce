/** With a token, every request needs it; the token never reaches the log. */
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { createServer } from "../../src/api/server.ts";
import * as P from "../engine/fixtures/pipelines.ts";
import { testProject } from "../helpers/project.ts";
import { type ApiServer, assertError, STORES, startServer } from "./harness.ts";

const TOKEN = "tok-7f3a9c41d0e2b85-secret";

/** Collects what the server logs, line by line. */
function logSink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join("") };
}

for (const kind of STORES) {
  describe(`API auth on ${kind}`, () => {
    let api: ApiServer;
    const log = logSink();
    let runId: string;
    before(async () => {
      api = await startServer(kind, { token: TOKEN, log: { level: "debug", stream: log.stream } });
      runId = (await api.project.run(P.train, { rows: 2 })).run.id;
    });
    after(() => api.close());

    it("answers 401 without a token or with a wrong one, on every route", async () => {
      for (const path of ["/api/v1/runs", `/api/v1/runs/${runId}`, `/api/v1/runs/${runId}/logs?follow=1`, "/openapi.json", "/api/v1/nowhere"]) {
        const res = await api.fetch(path);
        assert.equal(res.headers.get("www-authenticate"), 'Bearer realm="conveyor"');
        await assertError(res, 401, "unauthorized", "needs a bearer token");
        await assertError(await api.fetch(path, { headers: { authorization: `Bearer ${TOKEN}x` } }), 401, "unauthorized", "not this server's");
      }
      for (const authorization of [TOKEN, `Basic ${TOKEN}`, "Bearer", `Bearer ${TOKEN.slice(0, -1)}`]) {
        await assertError(await api.fetch("/api/v1/runs", { headers: { authorization } }), 401, "unauthorized");
      }
      const post = await api.post("/api/v1/runs", { pipeline: "x.json" }, { authorization: "Bearer wrong" });
      await assertError(post, 401, "unauthorized");
      assert.equal((await api.project.store.listRuns()).length, 1, "a refused request starts nothing");
    });

    it("answers with the right token", async () => {
      const headers = { authorization: `Bearer ${TOKEN}` };
      assert.equal((await api.json("/api/v1/runs", { headers })).items[0].id, runId);
      assert.equal((await api.json("/openapi.json", { headers })).openapi, "3.1.0");
      await assertError(await api.fetch("/api/v1/runs/nope", { headers }), 404, "not_found");
    });

    it("never writes the token to the log, whatever was sent", async () => {
      await api.fetch(`/api/v1/runs?pipeline=${encodeURIComponent("x")}`, { headers: { authorization: `Bearer ${TOKEN}`, cookie: `t=${TOKEN}` } });
      await api.fetch("/api/v1/runs", { headers: { authorization: `Bearer ${TOKEN}zz`, cookie: `t=${TOKEN}` } });
      // A token in a header of the client's choosing was logged in clear before.
      for (const name of ["x-api-key", "x-auth-token", "proxy-authorization", "x-secret"]) {
        await api.fetch("/api/v1/runs", { headers: { [name]: TOKEN } });
      }
      const text = log.text();
      assert.ok(text.includes('"url":"/api/v1/runs'), "requests are logged");
      assert.ok(text.includes('"authorization":"[redacted]"'), "refused requests are logged with their headers, redacted");
      assert.ok(text.includes('"x-api-key":"[redacted]"'), "a header of the client's choosing is redacted too");
      assert.ok(text.includes('"user-agent":'), "headers that hold no credential are kept");
      assert.ok(!text.includes(TOKEN.slice(4, -4)), `the token is in the log: ${text.split("\n").filter((l) => l.includes(TOKEN.slice(4, -4))).join("\n")}`);
    });
  });
}

it("takes the token from CONVEYOR_TOKEN when the option is not given", async () => {
  const project = await testProject("sqlite");
  const saved = process.env.CONVEYOR_TOKEN;
  process.env.CONVEYOR_TOKEN = TOKEN;
  try {
    const app = await createServer({ store: project.store, artifacts: project.artifacts, engine: project.engine(), root: project.dir, log: { level: "silent" } });
    const url = await app.listen({ port: 0, host: "127.0.0.1" });
    assert.equal((await fetch(`${url}/api/v1/runs`)).status, 401);
    assert.equal((await fetch(`${url}/api/v1/runs`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 200);
    await app.close();
  } finally {
    if (saved === undefined) delete process.env.CONVEYOR_TOKEN;
    else process.env.CONVEYOR_TOKEN = saved;
    await project.cleanup();
  }
});
