import assert from "node:assert/strict";
import { copyFile, readdir, utimes } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { logFolder } from "../../src/serve/prediction-log/log-folder.ts";
import { PredictionLog } from "../../src/serve/prediction-log/prediction-log.ts";
import { readPredictions } from "../../src/serve/prediction-log/read-predictions.ts";
import { type StoreKind, type TestProject, testProject } from "../helpers/project.ts";
import { record } from "./prediction-records.ts";

for (const kind of ["sqlite", "postgres"] as StoreKind[]) {
  describe(`prediction log compaction on ${kind}`, () => {
    let project: TestProject;
    before(async () => {
      project = await testProject(kind);
    });
    after(() => project.cleanup());

    const parquetFiles = async () =>
      (await readdir(join(logFolder(project.dir), "predictions"), { recursive: true })).filter((f) => f.endsWith(".parquet")).sort();

    it("merges small segments per deployment into few, reads the same rows, and removes the sources after the grace period", async () => {
      const log = await PredictionLog.open({ store: project.store, root: project.dir, compaction: false });
      for (let s = 0; s < 12; s++) {
        for (let i = 0; i < 10; i++) log.append(record(s * 10 + i, { deployment: s % 3 === 0 ? "b" : "a" }));
        await log.flush();
      }
      const before = await readPredictions(project.store, { root: project.dir });
      assert.equal((await project.store.listLogSegments({ kind: "predictions" })).length, 12);

      const openWith = (compaction: { graceMs: number }) =>
        PredictionLog.open({ store: project.store, root: project.dir, compaction: { minAgeMs: 0, targetRows: 50, ...compaction } });
      const compacting = await openWith({ graceMs: 60 * 60 * 1000 });
      // Deployment a: 8 segments of 10 rows, in packs of at most 50 rows: 5 + 3; deployment b: 4 segments in one.
      assert.deepEqual(await compacting.compact(), { merged: 12, written: 3, removed: 0 });
      await compacting.close();
      const segments = await project.store.listLogSegments({ kind: "predictions" });
      assert.deepEqual(segments.map((s) => [s.deployment, s.rowCount, s.sources?.length]).sort(), [["a", 30, 3], ["a", 50, 5], ["b", 40, 4]]);
      assert.deepEqual(await readPredictions(project.store, { root: project.dir }), before);
      // The sources stay for readers already scanning them, and are not picked up again.
      assert.equal((await parquetFiles()).length, 15);
      const reopened = await openWith({ graceMs: 60 * 60 * 1000 });
      await reopened.close();
      assert.deepEqual(reopened.recovered, { pickedUp: [], removed: [] });

      const later = await openWith({ graceMs: 0 });
      assert.deepEqual(await later.compact(), { merged: 0, written: 0, removed: 12 });
      await later.close();
      assert.equal((await parquetFiles()).length, 3);
      assert.ok((await project.store.listLogSegments({ kind: "predictions" })).every((s) => s.sources === null));
      assert.deepEqual(await readPredictions(project.store, { root: project.dir }), before);
    });

    it("never picks up a merged segment whose compaction did not commit, and removes it once stale", async () => {
      const [segment] = await project.store.listLogSegments({ kind: "predictions" });
      assert.ok(segment);
      const folder = logFolder(project.dir);
      const stopped = {
        old: segment.path.replace(/\.parquet$/, "-old.compacted.parquet"),
        recent: segment.path.replace(/\.parquet$/, "-recent.compacted.parquet"),
      };
      for (const path of Object.values(stopped)) await copyFile(join(folder, segment.path), join(folder, path));
      const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
      await utimes(join(folder, stopped.old), twoHoursAgo, twoHoursAgo);
      const rows = (await readPredictions(project.store, { root: project.dir })).rowCount;

      const log = await PredictionLog.open({ store: project.store, root: project.dir });
      await log.close();
      assert.deepEqual(log.recovered, { pickedUp: [], removed: [stopped.old] });
      assert.ok((await parquetFiles()).some((f) => stopped.recent.endsWith(f)));
      assert.equal((await readPredictions(project.store, { root: project.dir })).rowCount, rows);
    });
  });
}
