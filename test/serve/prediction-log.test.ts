import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { getColumn, type Table } from "../../src/ml/table.ts";
import { logFolder } from "../../src/serve/prediction-log/log-folder.ts";
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

    it("answers an empty window with the log's columns", async () => {
      const window = await readPredictions(project.store, { root: project.dir, deployment: "nobody" });
      assert.equal(window.rowCount, 0);
      assert.deepEqual(window.columns.map((c) => c.name).slice(0, 3), ["request_id", "row", "time"]);
    });
  });
}
