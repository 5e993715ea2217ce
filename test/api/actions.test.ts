/** What the dashboard's actions need: stored pipelines and their IR, a run of one by digest, resume, rerun, and cache explanations. */
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import * as P from "../engine/fixtures/pipelines.ts";
import { held } from "./fixtures.ts";
import { type ApiServer, assertError, STORES, startServer } from "./harness.ts";

const TIMEOUT = { timeout: 60_000 };

for (const kind of STORES) {
  describe(`API actions on ${kind}`, () => {
    let api: ApiServer;
    before(async () => {
      api = await startServer(kind);
    });
    after(() => api.close());

    /** Waits for the run's end event and returns its status. */
    async function ended(id: string): Promise<string> {
      const last = (await (await api.fetch(`/api/v1/runs/${id}/events`)).text()).trim().split("\n").at(-1) as string;
      return JSON.parse(last).status;
    }

    async function started(res: Response): Promise<any> {
      const text = await res.text();
      assert.equal(res.status, 202, text);
      return JSON.parse(text).run;
    }

    it("lists stored pipelines by name with their latest IR, and starts a run of one by its digest", TIMEOUT, async () => {
      assert.deepEqual(await api.json("/api/v1/pipelines"), { items: [], next: null });
      await api.writeIr("train.json", P.train);
      const first = await started(await api.post("/api/v1/runs", { pipeline: "train.json", params: { rows: 2 } }));
      assert.equal(await ended(first.id), "succeeded");
      await api.writeIr("held.json", held);
      const gate = join(api.project.dir, "open");
      await writeFile(gate, "");
      assert.equal(await ended((await started(await api.post("/api/v1/runs", { pipeline: "held.json", params: { gate } }))).id), "succeeded");

      const listed = await api.json("/api/v1/pipelines?limit=1");
      assert.deepEqual(listed.items.map((p: any) => p.name), ["held"]);
      assert.match(listed.next, /cursor=/);
      const rest = await api.json(listed.next);
      assert.deepEqual(rest.items.map((p: any) => [p.name, p.digest]), [["train", first.pipelineDigest]]);

      const pipeline = await api.json(`/api/v1/pipelines/${encodeURIComponent(first.pipelineDigest)}`);
      assert.deepEqual(pipeline.ir.params.rows, { type: "int", default: 5, min: 1 });
      const again = await started(await api.post("/api/v1/runs", { digest: first.pipelineDigest, params: { rows: 3 } }));
      assert.equal(again.pipelineDigest, first.pipelineDigest);
      assert.deepEqual(again.params, { rows: 3, scale: 1 });
      assert.equal(await ended(again.id), "succeeded");
    });

    it("refuses a start naming no pipeline, both, an unknown digest or a bad param, recording nothing", TIMEOUT, async () => {
      const before = (await api.json("/api/v1/runs?limit=1000")).items.length;
      await assertError(await api.post("/api/v1/runs", { params: {} }), 400, "invalid_request", '"pipeline"', '"digest"');
      await assertError(await api.post("/api/v1/runs", { pipeline: "train.json", digest: "sha256:00" }), 400, "invalid_request", "not both");
      await assertError(await api.post("/api/v1/runs", { digest: "sha256:00" }), 404, "not_found", "sha256:00");
      await assertError(await api.fetch("/api/v1/pipelines/sha256:00"), 404, "not_found", "sha256:00");
      const digest = (await api.json("/api/v1/pipelines")).items.find((p: any) => p.name === "train").digest;
      await assertError(await api.post("/api/v1/runs", { digest, params: { rows: 0 } }), 400, "invalid_param", "rows");
      assert.equal((await api.json("/api/v1/runs?limit=1000")).items.length, before);
    });

    it("reruns a run, explains each task's cache verdict, and resumes only what is resumable", TIMEOUT, async () => {
      await api.writeIr("train.json", P.train);
      const original = await started(await api.post("/api/v1/runs", { pipeline: "train.json", params: { rows: 4 } }));
      assert.equal(await ended(original.id), "succeeded");
      const cached = await started(await api.post(`/api/v1/runs/${original.id}/rerun`, { cache: true }));
      assert.equal(cached.trigger, `rerun:${original.id}`);
      assert.equal(await ended(cached.id), "succeeded");
      const hit = await api.json(`/api/v1/runs/${cached.id}/tasks/fit-a/cache`);
      assert.deepEqual(hit, { verdict: "hit", source: { runId: original.id, task: "fit-a" } });
      const off = await api.json(`/api/v1/runs/${cached.id}/tasks/fit-b/cache`);
      assert.equal(off.verdict, "miss");
      assert.match(off.reason, /caching is off/);

      const recomputed = await started(await api.post(`/api/v1/runs/${original.id}/rerun`));
      assert.equal(recomputed.options.noCache, true);
      assert.equal(await ended(recomputed.id), "succeeded");

      await assertError(await api.post(`/api/v1/runs/${original.id}/resume`), 409, "run_finished", original.id);
      await assertError(await api.post("/api/v1/runs/nosuchrun/resume"), 404, "not_found", "nosuchrun");
      await assertError(await api.fetch(`/api/v1/runs/${original.id}/tasks/nosuch/cache`), 404, "not_found", "nosuch");

      await api.writeIr("held.json", held);
      const gate = join(api.project.dir, "gate-resume");
      const waiting = await started(await api.post("/api/v1/runs", { pipeline: "held.json", params: { gate } }));
      await assertError(await api.post(`/api/v1/runs/${waiting.id}/resume`), 409, "run_active", waiting.id);
      // Cancelled once its task runs, so the cancel reaches a driven run (the case a resume follows).
      while ((await api.json(`/api/v1/runs/${waiting.id}/tasks/first`)).task.status !== "running") await sleep(20);
      assert.equal((await api.post(`/api/v1/runs/${waiting.id}/cancel`)).status, 202);
      assert.equal(await ended(waiting.id), "cancelled");
      await writeFile(gate, "");
      const resumed = await started(await api.post(`/api/v1/runs/${waiting.id}/resume`));
      assert.equal(resumed.id, waiting.id);
      assert.equal(await ended(waiting.id), "succeeded");
    });
  });
}
