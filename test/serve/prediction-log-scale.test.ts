import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { getColumn, getNumberColumn } from "../../src/ml/table.ts";
import { logFolder } from "../../src/serve/prediction-log/log-folder.ts";
import { PredictionLog } from "../../src/serve/prediction-log/prediction-log.ts";
import { readPredictions } from "../../src/serve/prediction-log/read-predictions.ts";
import { type TestProject, testProject } from "../helpers/project.ts";
import { record, T0 } from "./prediction-records.ts";

const WRITER = fileURLToPath(new URL("./prediction-log-writer.ts", import.meta.url));

describe("prediction log at scale", () => {
  let project: TestProject;
  before(async () => {
    project = await testProject("sqlite");
  });
  after(() => project.cleanup());

  it("takes a million rows in segments, with memory bounded by the buffer, and reads a window of them by the index", async (t) => {
    const log = await PredictionLog.open({ store: project.store, root: project.dir });
    const rssBefore = process.memoryUsage().rss;
    let mostBuffered = 0;
    for (let batch = 0; batch < 10; batch++) {
      for (let i = batch * 100_000; i < (batch + 1) * 100_000; i++) log.append(record(i, { deployment: "million" }));
      mostBuffered = Math.max(mostBuffered, log.counts.buffered);
      await log.flush();
    }
    await log.close();
    t.diagnostic(`RSS ${Math.round(rssBefore / 2 ** 20)} MB before, ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB after`);
    assert.ok(mostBuffered <= 200_000, `held ${mostBuffered} rows at once`);
    assert.deepEqual(log.counts, { accepted: 1_000_000, dropped: 0, written: 1_000_000, lost: 0, segments: 10, buffered: 0, sampledOut: 0 });

    const segments = await project.store.listLogSegments({ kind: "predictions", deployment: "million" });
    assert.equal(segments.reduce((sum, s) => sum + s.rowCount, 0), 1_000_000);
    const window = await readPredictions(project.store, { root: project.dir, deployment: "million", from: new Date(T0 + 654_321), to: new Date(T0 + 654_421) });
    assert.equal(window.rowCount, 100);
    assert.deepEqual(getColumn(window, "request_id").values[0], "req-654321");
    const newest = await readPredictions(project.store, { root: project.dir, deployment: "million", limit: 2, order: "newest" });
    assert.deepEqual(getColumn(newest, "request_id").values, ["req-999999", "req-999998"]);
  });

  it("never reads back anything half-written by a process killed while appending", async (t) => {
    const folder = logFolder(project.dir);
    const temporaryExists = async () => (await readdir(folder, { recursive: true }).catch(() => [])).some((f) => f.endsWith(".tmp"));
    /**
     * Kill points: while a segment file is being written; after a file is in place and before
     * a slow store indexes it; anywhere after a few segments.
     */
    const rounds: { indexDelayMs: number; killNow: (indexings: number) => Promise<boolean> }[] = [
      { indexDelayMs: 0, killNow: async (indexings) => indexings >= 1 && (await temporaryExists()) },
      { indexDelayMs: 60_000, killNow: async (indexings) => indexings >= 1 },
      { indexDelayMs: 0, killNow: async (indexings) => indexings >= 4 },
    ];
    const pickedUp: number[] = [];
    for (const [round, { indexDelayMs, killNow }] of rounds.entries()) {
      const child = spawn(process.execPath, ["--import", "tsx", WRITER, project.dir, String(round * 10_000_000), String(indexDelayMs)], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      const exited = once(child, "exit");
      let indexings = 0;
      child.stdout.setEncoding("utf8").on("data", (text: string) => {
        indexings += text.split("indexing").length - 1;
      });
      while (!(await killNow(indexings))) await setTimeout(1);
      child.kill("SIGKILL");
      await exited;

      const log = await PredictionLog.open({ store: project.store, root: project.dir });
      await log.close();
      pickedUp.push(log.recovered.pickedUp.length);
      t.diagnostic(`round ${round}: killed after ${indexings} indexings; ${log.recovered.pickedUp.length} segments picked up, ${log.recovered.removed.length} temporary files removed`);
    }

    assert.equal(pickedUp[1], 1, "the segment whose indexing was cut short is picked up");
    const files = (await readdir(join(folder, "predictions"), { recursive: true })).filter((f) => f.endsWith(".parquet") || f.endsWith(".tmp"));
    const segments = await project.store.listLogSegments({ kind: "predictions", deployment: "killed" });
    assert.ok(segments.length >= 5, `${segments.length} segments`);
    const indexed = new Set((await project.store.listLogSegments({ kind: "predictions" })).map((s) => s.path));
    assert.deepEqual(files.map((f) => `predictions/${f.replaceAll("\\", "/")}`).filter((f) => !indexed.has(f)), [], "every file left is a whole, indexed segment");
    for (const s of segments) {
      const bytes = await readFile(join(folder, s.path));
      assert.equal(`sha256:${createHash("sha256").update(bytes).digest("hex")}`, s.digest, s.path);
    }
    const rows = await readPredictions(project.store, { root: project.dir, deployment: "killed" });
    assert.equal(rows.rowCount, segments.reduce((sum, s) => sum + s.rowCount, 0));
    assert.ok(getColumn(rows, "request_id").values.every((id) => typeof id === "string" && id.startsWith("req-")));
    assert.ok(getNumberColumn(rows, "feature.tenure").values.every((v) => Number.isFinite(v)));
  });
});
