/**
 * A monitor over a deployment served by a real model server: windows of rows judged once each,
 * drift alerted only after K consecutive drifted windows, performance from labels joined by
 * request id against the registry's evaluation metrics, labels for unknown request ids counted,
 * reports stored as JSON and HTML artifacts, figures as metric history; on SQLite and PostgreSQL.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { columnDrift } from "../../src/ml/drift/index.ts";
import { readCsvFile } from "../../src/ml/dataset-file.ts";
import type { MonitoringReport } from "../../src/ml/monitoring/report.ts";
import { readNewAlerts } from "../../src/monitor/alerts.ts";
import { parseMonitor } from "../../src/monitor/definition.ts";
import { runMonitor } from "../../src/monitor/run-monitor.ts";
import { readPredictions } from "../../src/serve/prediction-log/read-predictions.ts";
import type { StoreKind, TestProject } from "../helpers/project.ts";
import { testProject } from "../helpers/project.ts";
import { deployIris, FEATURES, IRIS, type ServedIris, serveIris } from "./iris-fixture.ts";

const every = (start: number) => Array.from({ length: 50 }, (_, i) => 3 * i + start);
const SHIFT = [2, 1, 3, 1];

for (const kind of ["sqlite", "postgres"] as StoreKind[]) {
  describe(`a monitor on ${kind}`, () => {
    let project: TestProject;
    let served: ServedIris;
    before(async () => {
      project = await testProject(kind);
      await deployIris(project);
      served = await serveIris(project);
      await served.send("calm", every(0));
      await served.send("moved", every(1), SHIFT);
      await served.send("still-moved", every(2), SHIFT);
      await served.send("partial", [0, 1, 2, 3, 4]);
      await served.label("calm", every(0));
      // Wrong labels for the last full window: its live accuracy falls far below the registry's.
      await served.label("still-moved", every(2), 1);
      const unknown = await fetch(`${served.url}/v2/feedback`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: "nobody", label: 1 }) });
      assert.equal(unknown.status, 202);
      await served.close();
    });
    after(() => project.cleanup());

    const context = () => ({ store: project.store, artifacts: project.artifacts, root: project.dir, settleMs: 0, threads: 1 });
    const watch = parseMonitor(
      { name: "iris-watch", deployment: "iris-prod", window: { rows: 50 }, consecutiveWindows: 2, performance: { minLabels: 20, maxDrop: 0.1 } },
      "test",
    );

    it("judges each complete window once, alerts after two drifted windows and on a performance drop", async () => {
      const windows = await runMonitor(context(), watch);
      assert.deepEqual(
        windows.map((w) => [w.seq, w.status, w.rows, w.drifted, w.streak, w.driftDetected, w.performanceDropped]),
        [
          [1, "judged", 50, false, 0, false, false],
          [2, "judged", 50, true, 1, false, null],
          [3, "judged", 50, true, 2, true, true],
        ],
      );
      assert.ok(windows.every((w) => w.deployment === "iris-prod" && w.model === "iris" && w.version === 1));
      // The partial window waits; running again judges nothing twice.
      assert.deepEqual(await runMonitor(context(), watch), []);
      assert.deepEqual((await project.store.listMonitorWindows("iris-watch")).map((w) => w.seq), [3, 2, 1]);

      const alerts = await readNewAlerts(project.store, 0);
      assert.deepEqual(
        alerts.map((a) => [a.monitor, a.seq, a.driftDetected, a.performanceDropped]),
        [["iris-watch", 3, true, true]],
      );
      assert.deepEqual(await readNewAlerts(project.store, alerts[0]!.id), []);
    });

    it("records each window once when two runners judge the same monitor at the same time", async () => {
      const twin = parseMonitor({ name: "iris-twin", deployment: "iris-prod", window: { rows: 50 } }, "test");
      const [a, b] = await Promise.all([runMonitor(context(), twin), runMonitor(context(), twin)]);
      assert.deepEqual([...a, ...b].map((w) => w.seq).sort(), [1, 2, 3]);
      assert.deepEqual((await project.store.listMonitorWindows("iris-twin")).map((w) => w.seq), [3, 2, 1]);
    });

    it("stores a JSON report whose statistics are src/ml/drift's, and a self-contained HTML page", async () => {
      const window = (await project.store.findMonitorWindow("iris-watch", 2))!;
      const artifact = (await project.store.getArtifact(window.reportArtifactId!))!;
      assert.equal(artifact.type, "MonitoringReport");
      assert.deepEqual([artifact.metadata.deployment, artifact.metadata.model, artifact.metadata.version], ["iris-prod", "iris", 1]);
      const report = JSON.parse(await readFile(await project.artifacts.open(artifact.uri, artifact.digest), "utf8")) as MonitoringReport;
      assert.equal(report.context.window, "iris-watch@2");
      assert.deepEqual(
        report.drift.columns.map((c) => c.column),
        [...FEATURES, "target"],
      );

      // The same statistic as columnDrift on the reference and the window's logged values.
      const reference = await readCsvFile(IRIS);
      const rows = await readPredictions(project.store, { root: project.dir, deployment: "iris-prod", from: window.from, to: window.to });
      const logged = rows.columns.find((c) => c.name === "feature.petal length (cm)")!;
      const expected = columnDrift(reference.columns.find((c) => c.name === "petal length (cm)")!, { ...logged, name: "petal length (cm)" });
      const judged = report.drift.columns.find((c) => c.column === "petal length (cm)")!;
      assert.equal(judged.status, "judged");
      assert.equal(judged.status === "judged" && judged.statistic, expected.statistic);
      assert.equal(judged.status === "judged" && judged.pValue, expected.pValue);

      const html = await readFile(await project.artifacts.open((await project.store.getArtifact(window.htmlArtifactId!))!.uri, (await project.store.getArtifact(window.htmlArtifactId!))!.digest), "utf8");
      assert.match(html, /^<!doctype html>/);
      assert.match(html, /<svg /);
      assert.match(html, /petal length \(cm\)/);
      assert.doesNotMatch(html, /<script|<link|src="http/);
      assert.ok(html.length < 200_000, `${html.length} characters`);
    });

    it("reports performance against the registry's metrics, and counts labels for unknown request ids", async () => {
      const window = (await project.store.findMonitorWindow("iris-watch", 3))!;
      const artifact = (await project.store.getArtifact(window.reportArtifactId!))!;
      const report = JSON.parse(await readFile(await project.artifacts.open(artifact.uri, artifact.digest), "utf8")) as MonitoringReport;
      const accuracy = report.performance?.metrics.find((m) => m.name === "accuracy");
      assert.equal(report.performance?.rows, 50);
      assert.ok(accuracy && accuracy.baseline !== null && accuracy.baseline > 0.9, JSON.stringify(accuracy));
      assert.equal(accuracy.baselineName, "accuracy", "the score recorded at registration, not the training score");
      assert.ok(accuracy.dropped);
      const first = (await project.store.findMonitorWindow("iris-watch", 1))!;
      const firstReport = JSON.parse(
        await readFile(await project.artifacts.open((await project.store.getArtifact(first.reportArtifactId!))!.uri, (await project.store.getArtifact(first.reportArtifactId!))!.digest), "utf8"),
      ) as MonitoringReport;
      assert.equal(firstReport.performance?.dropped, false);
      const unknown = [1, 2, 3].map(async (seq) => {
        const w = (await project.store.findMonitorWindow("iris-watch", seq))!;
        return (await project.store.monitorMetricHistory("iris-watch", "labels.unknownRequests")).find((p) => p.seq === w.seq)?.value ?? 0;
      });
      assert.equal((await Promise.all(unknown)).reduce((a, b) => a + b, 0), 1, "the label for request id 'nobody' is counted once");
    });

    it("keeps the figures as metric history", async () => {
      const share = await project.store.monitorMetricHistory("iris-watch", "driftShare");
      assert.deepEqual(share.map((p) => p.seq), [1, 2, 3]);
      assert.ok(share[0]!.value < 0.5 && share[1]!.value >= 0.5);
      const names = await project.store.monitorMetricNames("iris-watch");
      for (const name of ["driftShare", "drift.petal length (cm)", "performance.accuracy", "rows"]) assert.ok(names.includes(name), name);
    });

    it("reports a window with too few rows as not judged, and leaves the streak as it was", async () => {
      const daily = parseMonitor({ name: "iris-daily", model: "iris@champion", window: { every: "1d" }, minWindowSize: 1000 }, "test");
      const windows = await runMonitor({ ...context(), now: () => Date.now() + 2 * 86_400_000 }, daily);
      assert.ok(windows.length >= 1);
      for (const w of windows) {
        assert.equal(w.status, "notJudged");
        assert.equal(w.driftDetected, false);
        assert.match(w.reason ?? "", /minimum of 1000/);
      }
    });
  });
}
