import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { mkdir, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Registry } from "prom-client";
import { isConveyorError } from "../../src/errors.ts";
import { withConnection } from "../../src/ml/io/duckdb.ts";
import { getColumn, type Table } from "../../src/ml/table.ts";
import { logFolder } from "../../src/serve/prediction-log/log-folder.ts";
import { registerLogMetrics } from "../../src/serve/prediction-log/log-metrics.ts";
import { PredictionLog } from "../../src/serve/prediction-log/prediction-log.ts";
import { readPredictions } from "../../src/serve/prediction-log/read-predictions.ts";
import { type StoreKind, type TestProject, testProject } from "../helpers/project.ts";
import { record, T0 } from "./prediction-records.ts";

const values = (table: Table, name: string): (number | string | null)[] => Array.from<number | string | null>(getColumn(table, name).values);

for (const kind of ["sqlite", "postgres"] as StoreKind[]) {
  describe(`prediction log on ${kind}`, () => {
    let project: TestProject;
    before(async () => {
      project = await testProject(kind);
    });
    after(() => project.cleanup());

    it("writes one indexed segment per deployment and version, and reads a window back with features as columns", async () => {
      const log = await PredictionLog.open({ store: project.store, root: project.dir });
      for (let i = 0; i < 300; i++) log.append(record(i));
      for (let i = 300; i < 400; i++) log.append(record(i, { version: 2, prediction: "churns", probabilities: null }));
      for (let i = 400; i < 450; i++) log.append(record(i, { deployment: "churn-staging", role: "shadow" }));
      await log.close();
      assert.deepEqual(log.counts, { accepted: 450, dropped: 0, written: 450, lost: 0, segments: 3, buffered: 0, sampledOut: 0 });

      const segments = await project.store.listLogSegments({ kind: "predictions" });
      assert.deepEqual(
        segments.map((s) => [s.deployment, s.model, s.version, s.rowCount, s.minTime.getTime() - T0, s.maxTime.getTime() - T0]),
        [
          ["churn-prod", "churn", 1, 300, 0, 299],
          ["churn-prod", "churn", 2, 100, 300, 399],
          ["churn-staging", "churn", 1, 50, 400, 449],
        ],
      );
      for (const s of segments) {
        const bytes = await readFile(join(logFolder(project.dir), s.path));
        assert.equal(s.digest, `sha256:${createHash("sha256").update(bytes).digest("hex")}`);
        assert.equal(s.size, bytes.length);
      }

      const window = await readPredictions(project.store, { root: project.dir, deployment: "churn-prod", from: new Date(T0 + 10), to: new Date(T0 + 20) });
      assert.deepEqual(
        window.columns.map((c) => `${c.name}:${c.type}`),
        [
          "request_id:string", "row:number", "time:number", "deployment:string", "model:string", "version:number", "role:string",
          "prediction:number", "probability.0:number", "probability.1:number", "latency_ms:number", "feature.tenure:number", "feature.plan:string",
        ],
      );
      assert.deepEqual(values(window, "request_id"), Array.from({ length: 10 }, (_, i) => `req-${10 + i}`));
      assert.deepEqual(values(window, "time"), Array.from({ length: 10 }, (_, i) => T0 + 10 + i));
      assert.deepEqual(values(window, "feature.tenure"), Array.from({ length: 10 }, (_, i) => 10 + i));
      assert.deepEqual(values(window, "probability.1").slice(0, 3), [0.1, 0.1, 0.8]);
      assert.deepEqual(values(window, "prediction").slice(0, 3), [0, 0, 1]);

      // Version 2 answers with labels, version 1 with numbers: read together, both are text.
      const both = await readPredictions(project.store, { root: project.dir, deployment: "churn-prod", from: new Date(T0 + 299), limit: 2 });
      assert.deepEqual(values(both, "prediction"), ["0.0", "churns"]);
      assert.deepEqual(values(both, "probability.0"), [0.9, Number.NaN]);

      const v1 = await readPredictions(project.store, { root: project.dir, model: "churn", version: 1, limit: 3, order: "newest" });
      assert.deepEqual(values(v1, "request_id"), ["req-449", "req-448", "req-447"]);
      assert.deepEqual(values(v1, "role"), ["shadow", "shadow", "shadow"]);
      assert.deepEqual(values(v1, "prediction"), [0, 0, 1]);
      assert.equal((await readPredictions(project.store, { root: project.dir, model: "churn", version: 2 })).rowCount, 100);
    });

    it("removes segments past the retention limits, too old first, then the oldest past the size budget", async () => {
      // A project of its own: the other tests' rows are months old, past any retention.
      const own = await testProject(kind);
      const day = 24 * 60 * 60 * 1000;
      const now = Date.now();
      const log = await PredictionLog.open({ store: own.store, root: own.dir, retention: { maxAgeMs: 30 * day } });
      for (const [deployment, age] of [["kept-old", 40], ["kept-2", 2], ["kept-1", 1]] as const) {
        for (let i = 0; i < 5; i++) log.append(record(i, { deployment, time: new Date(now - age * day + i) }));
        await log.flush();
      }
      const listed = () => own.store.listLogSegments({ kind: "predictions" });
      const [old, older, newest] = await listed();
      assert.deepEqual([old, older, newest].map((s) => s?.deployment), ["kept-old", "kept-2", "kept-1"]);
      assert.deepEqual(await log.prune(), { segments: 1, rows: 5, bytes: old!.size });
      assert.deepEqual((await listed()).map((s) => s.deployment), ["kept-2", "kept-1"]);
      await assert.rejects(readFile(join(logFolder(own.dir), old!.path)), { code: "ENOENT" });
      await log.close();

      const budget = await PredictionLog.open({ store: own.store, root: own.dir, retention: { maxBytes: newest!.size } });
      assert.deepEqual(await budget.prune(), { segments: 1, rows: 5, bytes: older!.size });
      assert.deepEqual((await listed()).map((s) => s.deployment), ["kept-1"]);
      await budget.close();
      await assert.rejects(
        PredictionLog.open({ store: own.store, root: own.dir, retention: { maxBytes: 0 } }),
        (error) => isConveyorError(error) && error.code === "invalid_param" && error.message.includes("retention.maxBytes"),
      );
      await own.cleanup();
    });

    it("keeps each segment's rows in time order, sorting rows that arrived out of order", async () => {
      const log = await PredictionLog.open({ store: project.store, root: project.dir });
      for (let i = 0; i < 40; i++) log.append(record(i, { deployment: "in-order" }));
      for (let i = 39; i >= 0; i--) log.append(record(i, { deployment: "reversed" }));
      for (let i = 0; i < 40; i++) log.append(record(i % 2 === 0 ? i + 1 : i - 1, { deployment: "swapped" }));
      await log.close();
      for (const deployment of ["in-order", "reversed", "swapped"]) {
        const [segment] = await project.store.listLogSegments({ kind: "predictions", deployment });
        const times = await withConnection(async (connection) => {
          const reader = await connection.runAndReadAll(`SELECT epoch_ms("time") AS t FROM read_parquet('${join(logFolder(project.dir), segment!.path)}')`);
          return reader.getRows().map(([t]) => Number(t) - T0);
        });
        assert.deepEqual(times, Array.from({ length: 40 }, (_, i) => i), deployment);
      }
    });

    it("drops and counts what arrives while the buffer is full, and never waits", async () => {
      const errors: unknown[] = [];
      const log = await PredictionLog.open({ store: project.store, root: project.dir, segmentRows: 1000, onError: (e) => errors.push(e) });
      for (let i = 0; i < 2500; i++) log.append(record(i, { deployment: "drops" }));
      // One synchronous turn: the first segment's writing has not started, so at most two segments' worth is held.
      assert.deepEqual(log.counts, { accepted: 2000, dropped: 500, written: 0, lost: 0, segments: 0, buffered: 2000, sampledOut: 0 });
      await log.close();
      log.append(record(3000));
      assert.deepEqual(log.counts, { accepted: 2000, dropped: 501, written: 2000, lost: 0, segments: 2, buffered: 0, sampledOut: 0 });
      assert.deepEqual(errors, []);
      assert.equal((await readPredictions(project.store, { root: project.dir, deployment: "drops" })).rowCount, 2000);

      const registry = new Registry();
      registerLogMetrics(registry, { predictions: log });
      const text = await registry.metrics();
      for (const line of [
        'conveyor_prediction_log_rows_total{log="predictions",outcome="written"} 2000',
        'conveyor_prediction_log_rows_total{log="predictions",outcome="dropped"} 501',
        'conveyor_prediction_log_segments_total{log="predictions"} 2',
        'conveyor_prediction_log_buffered_rows{log="predictions"} 0',
      ]) {
        assert.ok(text.includes(`${line}\n`), `${line} in\n${text}`);
      }
    });

    it("samples whole requests, the same ones in every process", async () => {
      const log = await PredictionLog.open({ store: project.store, root: project.dir, sample: 0.25 });
      for (let i = 0; i < 4000; i++) {
        for (const row of [0, 1]) log.append(record(i, { deployment: "sampled", row }));
      }
      await log.close();
      const { accepted, sampledOut } = log.counts;
      assert.equal(accepted + sampledOut, 8000);
      assert.ok(accepted > 0.2 * 8000 && accepted < 0.3 * 8000, `kept ${accepted} of 8000`);
      const window = await readPredictions(project.store, { root: project.dir, deployment: "sampled" });
      const rowsPerRequest = new Map<unknown, number>();
      for (const id of getColumn(window, "request_id").values) rowsPerRequest.set(id, (rowsPerRequest.get(id) ?? 0) + 1);
      assert.deepEqual(new Set(rowsPerRequest.values()), new Set([2]));

      const again = await PredictionLog.open({ store: project.store, root: project.dir, sample: 0.25 });
      for (let i = 0; i < 4000; i++) again.append(record(i, { deployment: "sampled-again" }));
      await again.close();
      const kept = await readPredictions(project.store, { root: project.dir, deployment: "sampled-again" });
      assert.deepEqual(values(kept, "request_id"), [...rowsPerRequest.keys()]);
    });

    it("refuses a sample outside (0, 1] and sizes that are not whole numbers ≥ 1, naming them", async () => {
      const refused = (field: string) => (error: unknown) => isConveyorError(error) && error.code === "invalid_param" && error.message.includes(field);
      await assert.rejects(PredictionLog.open({ store: project.store, root: project.dir, sample: 0 }), refused("sample must be a fraction of requests in (0, 1], got 0"));
      await assert.rejects(PredictionLog.open({ store: project.store, root: project.dir, sample: 1.5 }), refused("got 1.5"));
      await assert.rejects(PredictionLog.open({ store: project.store, root: project.dir, segmentRows: 0 }), refused("segmentRows"));
      await assert.rejects(PredictionLog.open({ store: project.store, root: project.dir, flushIntervalMs: 0.5 }), refused("flushIntervalMs"));
      await assert.rejects(PredictionLog.open({ store: project.store, root: project.dir, compaction: { intervalMs: 0 } }), refused("compaction.intervalMs"));
    });

    it("at opening, indexes a whole segment left unindexed and removes temporary files of stopped writers", async () => {
      // A store that fails to index: the segment is renamed into place, then its process "stops".
      const errors: unknown[] = [];
      const failing = { ...project.store, addLogSegment: async () => Promise.reject(new Error("store unreachable")) };
      const stopped = await PredictionLog.open({ store: failing, root: project.dir, onError: (e) => errors.push(e) });
      for (let i = 0; i < 10; i++) stopped.append(record(i, { deployment: "recovered" }));
      await stopped.close();
      assert.equal(stopped.counts.lost, 10);
      assert.match(String(errors[0]), /store unreachable/);
      assert.equal((await readPredictions(project.store, { root: project.dir, deployment: "recovered" })).rowCount, 0);

      const day = join(logFolder(project.dir), "predictions", "2026-01-01");
      await mkdir(day, { recursive: true });
      const deadPid = spawnSync(process.execPath, ["-e", "0"]).pid as number;
      const temporaries = {
        dead: `a.parquet.${hostname()}.${deadPid}.tmp`,
        running: `b.parquet.${hostname()}.${process.pid}.tmp`,
        elsewhereOld: "c.parquet.other-host.1.tmp",
        elsewhereRecent: "d.parquet.other-host.1.tmp",
      };
      for (const name of Object.values(temporaries)) await writeFile(join(day, name), "half a segment");
      const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
      await utimes(join(day, temporaries.elsewhereOld), twoHoursAgo, twoHoursAgo);

      const log = await PredictionLog.open({ store: project.store, root: project.dir });
      await log.close();
      assert.equal(log.recovered.pickedUp.length, 1);
      assert.deepEqual(log.recovered.removed, [`predictions/2026-01-01/${temporaries.dead}`, `predictions/2026-01-01/${temporaries.elsewhereOld}`].sort());
      assert.deepEqual((await readdir(day)).filter((f) => f.endsWith(".tmp")).sort(), [temporaries.running, temporaries.elsewhereRecent].sort());
      const [segment] = await project.store.listLogSegments({ kind: "predictions", deployment: "recovered" });
      assert.deepEqual(
        segment && [segment.path, segment.model, segment.version, segment.rowCount, segment.minTime.getTime() - T0, segment.maxTime.getTime() - T0],
        [log.recovered.pickedUp[0], "churn", 1, 10, 0, 9],
      );
      assert.equal((await readPredictions(project.store, { root: project.dir, deployment: "recovered" })).rowCount, 10);
    });

    it("at opening, passes over a file that another process removes or renames while it looks", async () => {
      const day = join(logFolder(project.dir), "predictions", "2026-01-02");
      await mkdir(day, { recursive: true });
      const vanishing = [join(day, "gone.parquet"), join(day, `gone.parquet.${hostname()}.${process.pid}.tmp`)];
      for (const file of vanishing) await writeFile(file, "soon gone");
      // Between the log's listing of its folder and of its index, another process (a compaction, a writer) removes them.
      const racing = {
        ...project.store,
        listLogSegments: async (filter: Parameters<typeof project.store.listLogSegments>[0]) => {
          for (const file of vanishing) await rm(file, { force: true });
          return project.store.listLogSegments(filter);
        },
      };
      const log = await PredictionLog.open({ store: racing, root: project.dir });
      await log.close();
      assert.deepEqual(log.recovered, { pickedUp: [], removed: [] });
    });

    it("opens only the segments that can hold the newest or oldest rows a limit asks for", async () => {
      const log = await PredictionLog.open({ store: project.store, root: project.dir });
      for (let s = 0; s < 5; s++) {
        for (let i = 0; i < 10; i++) log.append(record(s * 10 + i, { deployment: "limited" }));
        await log.flush();
      }
      await log.close();
      const segments = await project.store.listLogSegments({ kind: "predictions", deployment: "limited" });
      // The three oldest files are gone: a read that opened them would fail, naming them.
      for (const s of segments.slice(0, 3)) await rm(join(logFolder(project.dir), s.path));
      const newest = await readPredictions(project.store, { root: project.dir, deployment: "limited", limit: 15, order: "newest" });
      assert.deepEqual(values(newest, "request_id"), Array.from({ length: 15 }, (_, i) => `req-${49 - i}`));
      const window = await readPredictions(project.store, { root: project.dir, deployment: "limited", to: new Date(T0 + 45), limit: 3, order: "newest" });
      assert.deepEqual(values(window, "request_id"), ["req-44", "req-43", "req-42"]);
      const missing = (error: unknown) => isConveyorError(error) && error.code === "missing_segment" && error.message.includes((segments[2] as { path: string }).path);
      await assert.rejects(readPredictions(project.store, { root: project.dir, deployment: "limited", limit: 25, order: "newest" }), missing);
      await assert.rejects(readPredictions(project.store, { root: project.dir, deployment: "limited", limit: 1 }), (error: unknown) => isConveyorError(error) && error.code === "missing_segment");
    });

    it("answers an empty window with the log's columns", async () => {
      const window = await readPredictions(project.store, { root: project.dir, deployment: "nobody" });
      assert.equal(window.rowCount, 0);
      assert.deepEqual(window.columns.map((c) => c.name).slice(0, 3), ["request_id", "row", "time"]);
    });
  });
}
