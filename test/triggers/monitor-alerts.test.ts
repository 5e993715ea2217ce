/**
 * Triggers fed by a monitor's alerts (`drift`, `performance`) on real stores: each alert of the
 * trigger's sort starts one run, pinned to the window by the event's parameters and named
 * `drift:<monitor>@<window>` on the run; never twice (two schedulers, a restart), nothing lost
 * while the scheduler was down, the cooldown honoured, and a monitor the store does not know
 * refused naming the trigger.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { NewMonitorWindow } from "../../src/store/monitor-types.ts";
import { parseTriggers, type TriggerInput } from "../../src/triggers/definition.ts";
import { Scheduler } from "../../src/triggers/scheduler.ts";
import { REPO_ROOT, type StoreKind, type TestProject, testProject } from "../helpers/project.ts";
import { recordingLog } from "./scheduler-suite.ts";

const PIPELINE = "test/triggers/fixtures/pipeline.ts";
const MONITOR = "churn-drift";

function judged(seq: number, alert: { drift?: boolean; performance?: boolean } = {}): NewMonitorWindow {
  return {
    monitor: MONITOR,
    seq,
    status: "judged",
    reason: null,
    from: new Date(Date.UTC(2026, 11, 7, 10, seq)),
    to: new Date(Date.UTC(2026, 11, 7, 10, seq + 1)),
    rows: 200,
    deployment: "churn-prod",
    model: "churn",
    version: 1,
    drifted: alert.drift ?? false,
    driftShare: alert.drift ? 0.75 : 0,
    driftDetected: alert.drift ?? false,
    streak: alert.drift ? 2 : 0,
    qualityPassed: true,
    performanceDropped: alert.performance ?? null,
    reportArtifactId: null,
    htmlArtifactId: null,
  };
}

for (const kind of ["sqlite", "postgres"] as StoreKind[]) {
  describe(`drift and performance triggers on ${kind}`, () => {
    let project: TestProject;
    let lastSeq: number | null = null;
    before(async () => {
      project = await testProject(kind);
      await project.store.saveMonitor(MONITOR, { deployment: "churn-prod" }, { name: MONITOR });
    });
    after(() => project.cleanup());

    /** Records the monitor's next window, as a monitor runner would. */
    async function window(alert: { drift?: boolean; performance?: boolean } = {}): Promise<void> {
      const seq = (lastSeq ?? 0) + 1;
      const recorded = await project.store.recordMonitorWindow(judged(seq, alert), { expectedLastSeq: lastSeq, cursor: { seq }, streak: {} }, { driftShare: 0 });
      assert.ok(recorded);
      lastSeq = seq;
    }

    const definitions = (extra: Partial<TriggerInput> = {}) =>
      parseTriggers(
        [
          { name: "retrain-on-drift", kind: "drift", monitor: MONITOR, pipeline: PIPELINE, eventParams: { dataPath: "from", dataDigest: "windowId" }, maxActiveRuns: 5, ...extra },
          { name: "retrain-on-drop", kind: "performance", monitor: MONITOR, pipeline: PIPELINE, maxActiveRuns: 5 },
        ],
        "test",
      );
    const scheduler = (extra: Partial<TriggerInput> = {}) =>
      new Scheduler({ store: project.store, engine: project.engine(), root: REPO_ROOT, triggers: definitions(extra), log: recordingLog() });
    const runsOf = async (source: string) => (await project.store.listRuns()).filter((r) => r.trigger?.startsWith(source));

    it("starts one run per alert of its sort, pinned to the window, never twice with two schedulers or after a restart", async () => {
      await window({ drift: true }); // raised before the triggers existed: not theirs to fire
      const [a, b] = [scheduler(), scheduler()];
      await a.load();
      await b.load();
      await a.pass();
      await window();
      await window({ drift: true });
      await window({ performance: true });
      await Promise.all([a.pass(), b.pass()]);
      await Promise.all([a.pass(), b.pass()]);
      await Promise.all([a.settled(), b.settled()]);

      const drift = await runsOf("drift:");
      assert.deepEqual(drift.map((r) => r.trigger), [`drift:${MONITOR}@3`]);
      assert.equal(drift[0]?.status, "succeeded");
      const third = await project.store.findMonitorWindow(MONITOR, 3);
      assert.deepEqual(drift[0]?.params, { dataPath: judged(3).from.toISOString(), dataDigest: third?.id, ms: 0 });
      assert.deepEqual((await runsOf("performance:")).map((r) => r.trigger), [`performance:${MONITOR}@4`]);

      // Stopped (as by kill -9): alerts raised meanwhile fire after the restart, the old ones do not fire again.
      await window({ drift: true, performance: true });
      const restarted = scheduler();
      await restarted.load();
      await restarted.pass();
      await restarted.pass();
      await restarted.settled();
      assert.deepEqual((await runsOf("drift:")).map((r) => r.trigger).sort(), [`drift:${MONITOR}@3`, `drift:${MONITOR}@5`]);
      assert.deepEqual((await runsOf("performance:")).map((r) => r.trigger).sort(), [`performance:${MONITOR}@4`, `performance:${MONITOR}@5`]);
      const events = await project.store.listTriggerEvents({ trigger: "retrain-on-drift" });
      assert.deepEqual(events.map((e) => [e.source, e.status, e.payload.window, e.payload.deployment]).reverse(), [
        [`drift:${MONITOR}@3`, "fired", 3, "churn-prod"],
        [`drift:${MONITOR}@5`, "fired", 5, "churn-prod"],
      ]);
    });

    it("skips an alert inside the cooldown", async () => {
      const cooling = scheduler({ name: "cooling-drift", cooldownSeconds: 3600 });
      await cooling.load();
      await cooling.pass();
      await window({ drift: true });
      await cooling.pass();
      await window({ drift: true });
      await cooling.pass();
      await cooling.settled();
      const events = (await project.store.listTriggerEvents({ trigger: "cooling-drift" })).reverse();
      assert.deepEqual(events.map((e) => e.status), ["fired", "skipped"]);
      assert.match(events[1]?.reason ?? "", /^cooldown: /);
    });

    it("refuses a trigger whose monitor the store does not know, or that names none", async () => {
      const unknown = scheduler({ monitor: "churn-drfit" });
      await assert.rejects(unknown.load(), (error: Error) => {
        assert.match(error.message, /^trigger "retrain-on-drift": no monitor "churn-drfit" in /);
        return true;
      });
      assert.throws(
        () => parseTriggers([{ name: "no-monitor", kind: "drift", pipeline: PIPELINE }], "triggers.json"),
        /triggers\.json: trigger "no-monitor": monitor: /,
      );
      assert.throws(
        () => parseTriggers([{ name: "bad-name", kind: "performance", monitor: "churn drift", pipeline: PIPELINE }], "triggers.json"),
        /trigger "bad-name": monitor: letters, digits/,
      );
    });
  });
}
