/** /api/v1/monitors: what monitors recorded, read over HTTP on SQLite and PostgreSQL; unknown names answer 404. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parseMonitor } from "../../src/monitor/definition.ts";
import { runMonitor } from "../../src/monitor/run-monitor.ts";
import { type ApiServer, STORES, startServer } from "../api/harness.ts";
import { deployIris, serveIris } from "./iris-fixture.ts";

const every = (start: number) => Array.from({ length: 50 }, (_, i) => 3 * i + start);

for (const kind of STORES) {
  describe(`API monitors on ${kind}`, () => {
    let api: ApiServer;
    before(async () => {
      api = await startServer(kind);
      const { project } = api;
      await deployIris(project);
      const served = await serveIris(project);
      await served.send("calm", every(0));
      await served.send("moved", every(1), [2, 1, 3, 1]);
      await served.close();
      const monitor = parseMonitor({ name: "iris-watch", deployment: "iris-prod", window: { rows: 50 } }, "test");
      assert.equal((await runMonitor({ store: project.store, artifacts: project.artifacts, root: project.dir, settleMs: 0, threads: 1 }, monitor)).length, 2);
    });
    after(() => api.close());

    it("lists monitors, shows one with its windows, and pages its figures", async () => {
      assert.deepEqual((await api.json("/api/v1/monitors")).map((m: { name: string }) => m.name), ["iris-watch"]);
      const detail = await api.json("/api/v1/monitors/iris-watch");
      assert.deepEqual(detail.target, { deployment: "iris-prod" });
      assert.equal(detail.lastSeq, 2);
      assert.deepEqual(detail.windows.map((w: { seq: number }) => w.seq), [2, 1]);
      assert.deepEqual((await api.json("/api/v1/monitors/iris-watch/windows?limit=1")).map((w: { seq: number; drifted: boolean }) => [w.seq, w.drifted]), [[2, true]]);
      const share = await api.json("/api/v1/monitors/iris-watch/figures/driftShare");
      assert.deepEqual(share.map((p: { seq: number }) => p.seq), [1, 2]);
      // One consecutive window is enough by default: the drifted window raised the alert.
      const alerts = await api.json("/api/v1/monitor-alerts?monitor=iris-watch");
      assert.deepEqual(alerts.map((a: { seq: number; driftDetected: boolean }) => [a.seq, a.driftDetected]), [[2, true]]);
      assert.deepEqual(await api.json(`/api/v1/monitor-alerts?after=${alerts[0].id}`), []);
    });

    it("answers a window's report as JSON and as an HTML page", async () => {
      const report = await api.json("/api/v1/monitors/iris-watch/windows/2/report");
      assert.equal(report.context.window, "iris-watch@2");
      const page = await api.fetch("/api/v1/monitors/iris-watch/windows/2/report.html");
      assert.equal(page.status, 200);
      assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
      assert.match(await page.text(), /^<!doctype html>/);
    });

    it("answers 404 naming an unknown monitor or window", async () => {
      for (const [path, message] of [
        ["/api/v1/monitors/nosuch", 'no monitor "nosuch"'],
        ["/api/v1/monitors/iris-watch/windows/9/report", 'monitor "iris-watch" has no window 9'],
        ["/api/v1/monitors/nosuch/figures/driftShare", 'no monitor "nosuch"'],
      ]) {
        const res = await api.fetch(path!);
        assert.equal(res.status, 404);
        assert.equal(((await res.json()) as { message: string }).message, message);
      }
      assert.equal((await api.fetch("/api/v1/monitors/iris-watch/windows/zero/report")).status, 400);
    });
  });
}
