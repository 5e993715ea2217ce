/** The triggers routes over real HTTP: an event recorded through the API is fired by a scheduler on the store. */
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
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

    it("lists the project's triggers with the next scheduled fire, and says when there is no triggers file or it is wrong", async () => {
      const missing = await api.fetch("/api/v1/triggers");
      assert.equal(missing.status, 404);
      assert.match(((await missing.json()) as { message: string }).message, /no triggers file in \. \(looked for triggers\.ts, triggers\.js, triggers\.json\)/);

      const file = join(api.project.dir, "triggers.json");
      await writeFile(file, JSON.stringify([
        { name: "nightly", kind: "schedule", pipeline: "pipeline.ts", cron: "0 3 * * *" },
        { name: "retrain", kind: "manual", pipeline: "pipeline.ts" },
        { name: "on-drift", kind: "drift", monitor: "churn-watch", pipeline: "pipeline.ts" },
      ]));
      const before = new Date();
      const listed = await api.json<any[]>("/api/v1/triggers");
      // The next 03:00 UTC after the request.
      const next = new Date(Date.UTC(before.getUTCFullYear(), before.getUTCMonth(), before.getUTCDate(), 3));
      if (next <= before) next.setUTCDate(next.getUTCDate() + 1);
      assert.deepEqual(
        listed.map((t) => [t.name, t.kind, t.schedule?.cron ?? null, t.nextFire]),
        [
          ["nightly", "schedule", "0 3 * * *", next.toISOString()],
          ["retrain", "manual", null, null],
          ["on-drift", "drift", null, null],
        ],
      );
      assert.ok(listed[1].lastFired, "the manual trigger fired in the test before");

      await writeFile(file, JSON.stringify([{ name: "nightly", kind: "schedule", pipeline: "pipeline.ts", cron: "not a cron" }]));
      const wrong = await api.fetch("/api/v1/triggers");
      assert.equal(wrong.status, 400);
      assert.match(((await wrong.json()) as { message: string }).message, /invalid cron expression "not a cron"/);
    });
  });
}
