/**
 * Windows over the prediction log: consecutive row windows take every primary row once, also
 * when rows sharing a millisecond fall on both sides of a boundary, leave shadow rows out, and
 * wait for a complete window; time windows are consecutive spans read once they have passed.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Table } from "../../src/ml/table.ts";
import { nextWindow, type WindowCursor, type WindowSource } from "../../src/monitor/windows.ts";
import type { ResolvedTarget } from "../../src/monitor/target.ts";
import { PredictionLog } from "../../src/serve/prediction-log/prediction-log.ts";
import { type TestProject, testProject } from "../helpers/project.ts";
import { record, T0 } from "../serve/prediction-records.ts";

const keys = (table: Table) => {
  const [ids, rows] = ["request_id", "row"].map((name) => table.columns.find((c) => c.name === name)!.values);
  return Array.from({ length: table.rowCount }, (_, i) => `${ids![i]}/${rows![i]}`);
};

describe("monitor windows", () => {
  let project: TestProject;
  // 7 requests of 10 rows each, a request's rows all at one millisecond; each also answered by a shadow.
  const expected: string[] = [];
  before(async () => {
    project = await testProject("sqlite");
    const log = await PredictionLog.open({ store: project.store, root: project.dir });
    for (let r = 0; r < 7; r++) {
      for (let row = 0; row < 10; row++) {
        const base = record(r * 10 + row, { requestId: `req-${r}`, row, time: new Date(T0 + r * 1000) });
        log.append(base);
        log.append({ ...base, role: "shadow", version: 2 });
        expected.push(`req-${r}/${row}`);
      }
    }
    await log.close();
  });
  after(() => project.cleanup());

  const source = (size: WindowSource["size"], now = T0 + 3_600_000): WindowSource => ({
    store: project.store,
    root: project.dir,
    target: { query: { deployment: "churn-prod" } } as ResolvedTarget,
    size,
    waitMs: 0,
    now,
  });

  it("takes every primary row once in consecutive row windows, across rows sharing a millisecond", async () => {
    const taken: string[] = [];
    let cursor: WindowCursor | null = null;
    for (;;) {
      const window = await nextWindow(source({ rows: 15 }), cursor);
      if (!window) break;
      assert.equal(window.rows.rowCount, 15);
      assert.ok(window.rows.columns.find((c) => c.name === "role")!.values.every((r) => r === "primary"));
      taken.push(...keys(window.rows));
      cursor = window.next;
    }
    // 70 rows make 4 windows of 15; the last 10 wait for more.
    assert.deepEqual(taken, expected.slice(0, 60));
  });

  it("goes on after the rows judged when a monitor switches between row and time windows", async () => {
    const rows = await nextWindow(source({ rows: 15 }), null);
    // The first 15 rows end at 1 s: time windows start with the next span, [2 s, 4 s).
    const span = await nextWindow(source({ spanMs: 2000 }), rows!.next);
    assert.deepEqual([span!.from.getTime() - T0, span!.rows.rowCount], [2000, 20]);
    // And row windows after a span start at its end.
    const after = await nextWindow(source({ rows: 15 }), span!.next);
    assert.deepEqual(keys(after!.rows), expected.slice(40, 55));
  });

  it("waits until a window's last row is older than the wait", async () => {
    assert.equal(await nextWindow({ ...source({ rows: 15 }), waitMs: 10_000, now: T0 + 1000 }, null), undefined);
    assert.ok(await nextWindow({ ...source({ rows: 15 }), waitMs: 10_000, now: T0 + 12_000 }, null));
  });

  it("cuts time windows into consecutive spans, read once they have passed", async () => {
    const spans: [number, number, number][] = [];
    let cursor: WindowCursor | null = null;
    for (;;) {
      const window = await nextWindow(source({ spanMs: 2000 }, T0 + 6000), cursor);
      if (!window) break;
      spans.push([window.from.getTime() - T0, window.to.getTime() - T0, window.rows.rowCount]);
      cursor = window.next;
    }
    // Requests at 0 s ... 6 s; the span [6 s, 8 s) has not passed at 6 s.
    assert.deepEqual(spans, [
      [0, 2000, 20],
      [2000, 4000, 20],
      [4000, 6000, 20],
    ]);
  });
});
