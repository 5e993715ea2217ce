/** The scheduler on a real store: exactly-once fires, catch-up, new data, cooldown, maxActiveRuns. */
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { loadPipelineFile } from "../../src/compiler/pipeline-file.ts";
import { TRIGGER_EVENT_TAG, TRIGGER_TAG } from "../../src/store/trigger-types.ts";
import type { TriggerInput } from "../../src/triggers/definition.ts";
import { parseTriggers } from "../../src/triggers/definition.ts";
import { fireTrigger } from "../../src/triggers/fire.ts";
import type { TriggerLog } from "../../src/triggers/log.ts";
import { Scheduler } from "../../src/triggers/scheduler.ts";
import { REPO_ROOT, type StoreKind, type TestProject, testProject } from "../helpers/project.ts";

const PIPELINE = "test/triggers/fixtures/pipeline.ts";

export function recordingLog(): TriggerLog & { lines: string[] } {
  const lines: string[] = [];
  const push = (_: object, message: string) => void lines.push(message);
  return { lines, info: push, warn: push, error: push };
}

/** A definition the tests complete with the fixture pipeline. */
type Definition = TriggerInput extends infer T ? (T extends TriggerInput ? Omit<T, "pipeline"> : never) : never;

export function schedulerSuite(kind: StoreKind): void {
  describe(`the scheduler on ${kind}`, () => {
    let project: TestProject;
    before(async () => {
      project = await testProject(kind);
    });
    after(async () => {
      await project.cleanup();
    });

    function scheduler(triggers: Definition[], clock?: () => Date, log = recordingLog()): Scheduler {
      const defs = parseTriggers(triggers.map((t) => ({ ...t, pipeline: PIPELINE })), "test");
      return new Scheduler({ store: project.store, engine: project.engine(), root: REPO_ROOT, triggers: defs, log, clock, webhookBackoffMs: 10 });
    }

    it("fires each due time once, with the catch-up policy after a gap, even with two schedulers on the store", async () => {
      for (const catchUp of ["all", "latest", "none"] as const) {
        const name = `every-minute-${catchUp}`;
        let now = new Date("2026-12-07T10:00:30Z");
        const clock = () => now;
        // Room for every missed time at once: this is about which times fire, not how many run together.
        const defs: Definition[] = [{ name, kind: "schedule", cron: "0 * * * * *", catchUp, maxActiveRuns: 10 }];
        const [a, b] = [scheduler(defs, clock), scheduler(defs, clock)];
        await a.load();
        await b.load();
        await a.pass(); // the first pass starts the trigger at now: nothing missed
        now = new Date("2026-12-07T10:01:01Z");
        await Promise.all([a.pass(), b.pass()]);
        await Promise.all([a.settled(), b.settled()]);
        // Down (as after kill -9) for three minutes, then two schedulers come back at once.
        now = new Date("2026-12-07T10:04:02Z");
        await Promise.all([a.pass(), b.pass()]);
        await Promise.all([a.pass(), b.pass()]);
        await Promise.all([a.settled(), b.settled()]);
        const events = (await project.store.listTriggerEvents({ trigger: name })).reverse();
        const fired = events.filter((e) => e.status === "fired").map((e) => e.payload.scheduledAt);
        const expected = {
          all: ["10:01:00", "10:02:00", "10:03:00", "10:04:00"],
          latest: ["10:01:00", "10:04:00"],
          none: ["10:01:00", "10:04:00"],
        }[catchUp].map((t) => `2026-12-07T${t}.000Z`);
        assert.deepEqual(fired, expected, catchUp);
        const runs = (await project.store.listRuns()).filter((r) => r.trigger === `schedule:${name}`);
        assert.equal(runs.length, expected.length, `${catchUp}: one run per fired time`);
      }
    });

    it("with catch-up none drops the times missed during a long stop", async () => {
      let now = new Date("2026-12-07T11:00:30Z");
      const s = scheduler([{ name: "none-long", kind: "schedule", cron: "0 * * * * *", catchUp: "none" }], () => now);
      await s.load();
      await s.pass();
      now = new Date("2026-12-07T11:05:30Z");
      await s.pass();
      assert.deepEqual(await project.store.listTriggerEvents({ trigger: "none-long" }), []);
    });

    it("pins a new-data run to the path and content digest it saw", async () => {
      const dir = join(project.dir, "incoming");
      await import("node:fs/promises").then((fs) => fs.mkdir(dir, { recursive: true }));
      await writeFile(join(dir, "a.csv"), "x\n1\n");
      // Relative to the project root, as a user writes it; here the data lives in the test's temporary folder.
      const path = `${relative(REPO_ROOT, dir)}/*.csv`;
      const s = scheduler([{ name: "new-files", kind: "files", path, pollSeconds: 0.001, eventParams: { dataPath: "path", dataDigest: "digest" } }]);
      await s.load();
      await s.pass(); // the baseline: nothing fires
      await s.pass();
      assert.equal((await project.store.listTriggerEvents({ trigger: "new-files" })).length, 0);
      await writeFile(join(dir, "b.csv"), "x\n2\n");
      await writeFile(join(dir, "ignored.txt"), "not data");
      await new Promise((r) => setTimeout(r, 5));
      await s.pass();
      await s.settled();
      const [event] = await project.store.listTriggerEvents({ trigger: "new-files" });
      assert.ok(event?.runId, "the new file fired a run");
      assert.match(String(event.payload.digest), /^sha256:[0-9a-f]{64}$/);
      const run = await project.store.getRun(event.runId);
      assert.equal(run?.status, "succeeded");
      assert.equal(run?.trigger, `data:new-files@${event.payload.digest}`);
      assert.equal(run?.params.dataDigest, event.payload.digest);
      await new Promise((r) => setTimeout(r, 5));
      await s.pass(); // unchanged data fires nothing more
      assert.equal((await project.store.listTriggerEvents({ trigger: "new-files" })).length, 1);
    });

    it("fires a watermark trigger when the count grew by N, and names the trigger when its query fails", async () => {
      const db = join(project.dir, "source.db");
      const source = new Database(db);
      source.exec("create table rows (id integer)");
      source.exec("insert into rows values (1), (2)");
      const log = recordingLog();
      const s = scheduler([{ name: "rows-grew", kind: "watermark", database: db, query: "select count(*) from rows", growBy: 3, pollSeconds: 0.001 }], undefined, log);
      await s.load();
      const pass = async () => {
        await new Promise((r) => setTimeout(r, 3));
        await s.pass();
      };
      await pass(); // baseline 2
      source.exec("insert into rows values (3), (4)");
      await pass(); // 4: grew by 2, not 3
      assert.equal((await project.store.listTriggerEvents({ trigger: "rows-grew" })).length, 0);
      source.exec("insert into rows values (5)");
      await pass(); // 5 = 2 + 3
      source.exec("drop table rows");
      await pass();
      await s.settled();
      source.close();
      const events = await project.store.listTriggerEvents({ trigger: "rows-grew" });
      assert.deepEqual(events.map((e) => [e.payload.watermark, e.payload.previous, e.status]), [[5, 2, "fired"]]);
      assert.ok(log.lines.some((l) => l.startsWith('trigger "rows-grew": its watermark query failed') && l.includes("no such table")), log.lines.join("\n"));
      assert.equal((await project.store.getTriggerState("rows-grew"))?.watermark, 5, "a failed query keeps the last watermark");
    });

    it("an external event (a monitor's) starts a run once, even recorded twice", async () => {
      const s = scheduler([{ name: "on-drift", kind: "manual" }]);
      await s.load();
      const first = await fireTrigger(project.store, "on-drift", { source: "drift:churn-monitor@w42", key: "w42", payload: { window: "w42" } });
      const again = await fireTrigger(project.store, "on-drift", { source: "drift:churn-monitor@w42", key: "w42" });
      assert.ok(first);
      assert.equal(again, undefined);
      await s.pass();
      await s.settled();
      const event = await project.store.getTriggerEvent(first.id);
      assert.equal(event?.status, "fired");
      assert.equal((await project.store.getRun(event?.runId ?? ""))?.trigger, "drift:churn-monitor@w42");
    });

    it("holds events beyond maxActiveRuns and skips those inside the cooldown", async () => {
      const s = scheduler([
        { name: "one-at-a-time", kind: "manual", maxActiveRuns: 1, params: { ms: 300 } },
        { name: "cooling", kind: "manual", cooldownSeconds: 3600 },
      ]);
      await s.load();
      const [x, y] = [await fireTrigger(project.store, "one-at-a-time"), await fireTrigger(project.store, "one-at-a-time")];
      await s.pass();
      assert.equal((await project.store.getTriggerEvent(x?.id ?? ""))?.status, "fired");
      assert.equal((await project.store.getTriggerEvent(y?.id ?? ""))?.status, "pending", "waits while the first run is active");
      await s.settled();
      await s.pass();
      await s.settled();
      assert.equal((await project.store.getTriggerEvent(y?.id ?? ""))?.status, "fired", "fires once the first run ended");

      const c1 = await fireTrigger(project.store, "cooling");
      await s.pass();
      const c2 = await fireTrigger(project.store, "cooling");
      await s.pass();
      await s.settled();
      assert.equal((await project.store.getTriggerEvent(c1?.id ?? ""))?.status, "fired");
      const skipped = await project.store.getTriggerEvent(c2?.id ?? "");
      assert.equal(skipped?.status, "skipped");
      assert.match(skipped?.reason ?? "", /^cooldown: the trigger fired at .* until /);
    });

    it("resumes a run of the trigger that no process drives, rather than let it hold maxActiveRuns for ever", async () => {
      const defs = parseTriggers([{ name: "orphans", kind: "manual", pipeline: PIPELINE, maxActiveRuns: 1 }], "test");
      // claimMs 0: a pending run without a lease counts as left behind at once.
      const s = new Scheduler({ store: project.store, engine: project.engine(), root: REPO_ROOT, triggers: defs, log: recordingLog(), claimMs: 0 });
      await s.load();
      // What a scheduler killed right after creating a run leaves: a pending run of the trigger that nothing drives.
      const ir = await loadPipelineFile(join(REPO_ROOT, PIPELINE), REPO_ROOT);
      const left = await project.engine().createRun(ir, {}, {}, "manual:left-behind", { tags: { [TRIGGER_TAG]: "orphans", [TRIGGER_EVENT_TAG]: "gone" } });
      const event = await fireTrigger(project.store, "orphans");
      await s.pass();
      await s.settled();
      assert.equal((await project.store.getRun(left.id))?.status, "succeeded", "the left-behind run was driven to its end");
      assert.equal((await project.store.getTriggerEvent(event?.id ?? ""))?.status, "pending", "the event waited for its place");
      await s.pass();
      await s.settled();
      assert.equal((await project.store.getTriggerEvent(event?.id ?? ""))?.status, "fired");
    });

    it("ends an event claimed by a process that died after creating its run with that run, not a second one", async () => {
      const s = scheduler([{ name: "crashy", kind: "manual" }]);
      await s.load();
      const event = await fireTrigger(project.store, "crashy", { source: "manual:crash-test" });
      assert.ok(event);
      // What a scheduler killed between creating the run and recording it leaves behind.
      const dead = "somewhere-else:1:dead";
      await project.store.claimTriggerEvent(event.id, dead, new Date(Date.now() - 1));
      const ir = await loadPipelineFile(join(REPO_ROOT, PIPELINE), REPO_ROOT);
      const orphan = await project.engine().createRun(ir, {}, {}, event.source, { tags: { [TRIGGER_TAG]: "crashy", [TRIGGER_EVENT_TAG]: event.id } });
      const s2 = scheduler([{ name: "crashy", kind: "manual" }]);
      await s2.load();
      await s.pass();
      await s.settled();
      const ended = await project.store.getTriggerEvent(event.id);
      assert.equal(ended?.status, "fired");
      await s2.pass();
      assert.equal(ended?.runId, orphan.id, "the run the dead process created, not a new one");
      const runs = (await project.store.listRuns()).filter((r) => r.trigger === event.source);
      assert.equal(runs.length, 1);
      assert.equal(await project.store.endTriggerEvent(event.id, dead, { status: "failed" }), false, "the dead claim writes nothing");
    });
  });
}
