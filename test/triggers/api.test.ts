/** The triggers routes over real HTTP: an event recorded through the API is fired by a scheduler on the store. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parseTriggers } from "../../src/triggers/definition.ts";
import { Scheduler } from "../../src/triggers/scheduler.ts";
import { type ApiServer, STORES, startServer } from "../api/harness.ts";
import { REPO_ROOT } from "../helpers/project.ts";
import { recordingLog } from "./scheduler-suite.ts";

for (const kind of STORES) {
  describe(`triggers API on ${kind}`, () => {
    let api: ApiServer;
    before(async () => {
      api = await startServer(kind);
    });
    after(async () => {
      await api.close();
    });

    it("records an event a scheduler fires, shows it with its run, and refuses a second one with the same key", async () => {
      const posted = await api.post("/api/v1/triggers/retrain/events", { key: "window-7", source: "drift:churn@7", payload: { dataPath: "w7.csv" } });
      assert.equal(posted.status, 201, await posted.clone().text());
      const event = (await posted.json()) as { id: string; status: string };
      assert.equal(event.status, "pending");
      const again = await api.post("/api/v1/triggers/retrain/events", { key: "window-7" });
      assert.equal(again.status, 409);
      assert.match(((await again.json()) as { message: string }).message, /trigger "retrain" already has an event with key "window-7"/);

      const triggers = parseTriggers([{ name: "retrain", kind: "manual", pipeline: "test/triggers/fixtures/pipeline.ts", eventParams: { dataPath: "dataPath" } }], "test");
      const scheduler = new Scheduler({ store: api.project.store, engine: api.project.engine(), root: REPO_ROOT, triggers, log: recordingLog() });
      await scheduler.load();
      await scheduler.pass();
      await scheduler.settled();

      const [shown] = await api.json<{ id: string; status: string; runId: string }[]>("/api/v1/triggers/retrain/events");
      assert.equal(shown?.id, event.id);
      assert.equal(shown?.status, "fired");
      const run = await api.project.store.getRun(shown?.runId ?? "");
      assert.equal(run?.trigger, "drift:churn@7");
      assert.equal(run?.params.dataPath, "w7.csv");
      const state = await api.json<{ activeRuns: number; lastFired: string | null }>("/api/v1/triggers/retrain");
      assert.equal(state.activeRuns, 0);
      assert.ok(state.lastFired);
      assert.equal((await api.fetch("/api/v1/triggers/nope")).status, 404);
      const bad = await api.post("/api/v1/triggers/retrain/events", { payload: "not an object" });
      assert.equal(bad.status, 400);
    });
  });
}
