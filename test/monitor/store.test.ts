/** The monitor records of the store, the same tests on SQLite and PostgreSQL. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { NewMonitorWindow } from "../../src/store/monitor-types.ts";
import { type StoreKind, type TestProject, testProject } from "../helpers/project.ts";

const window = (seq: number, extra: Partial<NewMonitorWindow> = {}): NewMonitorWindow => ({
  monitor: "churn-drift",
  seq,
  status: "judged",
  reason: null,
  from: new Date(1000 * seq),
  to: new Date(1000 * seq + 1000),
  rows: 500,
  deployment: "churn-prod",
  model: "churn",
  version: 2,
  drifted: false,
  driftShare: 0.25,
  driftDetected: false,
  streak: 0,
  qualityPassed: true,
  performanceDropped: null,
  reportArtifactId: null,
  htmlArtifactId: null,
  ...extra,
});

for (const kind of ["sqlite", "postgres"] as StoreKind[]) {
  describe(`monitor records on ${kind}`, () => {
    let project: TestProject;
    before(async () => {
      project = await testProject(kind);
    });
    after(() => project.cleanup());

    it("saves a monitor, keeps its state when the definition changes, and records each window once", async () => {
      const { store } = project;
      const saved = await store.saveMonitor("churn-drift", { deployment: "churn-prod" }, { name: "churn-drift", window: { rows: 500 } });
      assert.equal(saved.lastSeq, null);
      assert.deepEqual(saved.target, { deployment: "churn-prod" });

      const first = await store.recordMonitorWindow(window(1), { expectedLastSeq: null, cursor: { time: 2000, skip: 0 }, streak: { streak: 0 } }, { driftShare: 0.25, "drift.tenure": 0.01 });
      assert.ok(first);
      assert.equal(first.seq, 1);
      assert.equal(first.drifted, false);
      assert.equal(first.performanceDropped, null);
      // A second runner that read the same state records nothing.
      assert.equal(await store.recordMonitorWindow(window(1), { expectedLastSeq: null, cursor: { time: 2000, skip: 0 }, streak: {} }, {}), undefined);

      await store.saveMonitor("churn-drift", { deployment: "churn-prod" }, { name: "churn-drift", window: { rows: 1000 } });
      const monitor = await store.getMonitor("churn-drift");
      assert.equal(monitor?.lastSeq, 1);
      assert.deepEqual(monitor?.cursor, { time: 2000, skip: 0 });
      assert.deepEqual(monitor?.definition, { name: "churn-drift", window: { rows: 1000 } });

      const second = await store.recordMonitorWindow(
        window(2, { drifted: true, driftShare: 0.75, driftDetected: true, streak: 2, performanceDropped: false }),
        { expectedLastSeq: 1, cursor: { time: 3000, skip: 0 }, streak: { streak: 2 } },
        { driftShare: 0.75, "drift.tenure": 0.3, "performance.accuracy": 0.8 },
      );
      assert.ok(second);
      assert.equal(await store.recordMonitorWindow(window(2), { expectedLastSeq: 0, cursor: {}, streak: {} }, {}), undefined);

      assert.deepEqual((await store.listMonitorWindows("churn-drift")).map((w) => w.seq), [2, 1]);
      assert.equal((await store.findMonitorWindow("churn-drift", 2))?.id, second.id);
      assert.equal((await store.getMonitorWindow(first.id))?.seq, 1);
      assert.deepEqual(
        (await store.monitorMetricHistory("churn-drift", "driftShare")).map((p) => [p.seq, p.value]),
        [
          [1, 0.25],
          [2, 0.75],
        ],
      );
      assert.deepEqual(await store.monitorMetricNames("churn-drift"), ["drift.tenure", "driftShare", "performance.accuracy"]);

      const alerts = await store.listMonitorAlerts();
      assert.deepEqual(
        alerts.map((a) => [a.monitor, a.windowId, a.seq, a.driftDetected, a.performanceDropped]),
        [["churn-drift", second.id, 2, true, false]],
      );
      assert.deepEqual(await store.listMonitorAlerts({ after: alerts[0]!.id }), []);
      assert.deepEqual((await store.listMonitors()).map((m) => m.name), ["churn-drift"]);
      assert.deepEqual((await store.versionMonitorWindows("churn", 2)).map((w) => w.seq), [1, 2]);
      assert.deepEqual(await store.versionMonitorWindows("churn", 3), []);
    });

    it("keeps a window's report artifacts from garbage collection, and collects an unreferenced one", async () => {
      const { store } = project;
      const put = (hex: string) => store.putArtifact({ digest: `sha256:${hex.repeat(64)}`, uri: `file:///r/${hex}`, size: 1, mediaType: "text/html", type: "MonitoringReport", metadata: {} });
      const [json, html, stray] = [await put("a"), await put("b"), await put("c")];
      await store.saveMonitor("kept", { model: "churn" }, {});
      assert.ok(await store.recordMonitorWindow({ ...window(1), monitor: "kept", reportArtifactId: json.id, htmlArtifactId: html.id }, { expectedLastSeq: null, cursor: {}, streak: {} }, {}));
      const collected = (await store.collectGarbage({ dryRun: true })).artifacts.map((a) => a.id);
      assert.ok(collected.includes(stray.id));
      assert.ok(!collected.includes(json.id) && !collected.includes(html.id));
    });
  });
}
