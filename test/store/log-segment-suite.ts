/** The prediction log's segment index: the same tests on each backend. */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import type { NewLogSegment } from "../../src/store/log-segment-types.ts";
import type { MetadataStore } from "../../src/store/types.ts";
import { schemaSql } from "./schema-sql.ts";
import type { StoreHarness } from "./store-suite.ts";

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));

function segment(path: string, extra: Partial<NewLogSegment> = {}): NewLogSegment {
  return {
    kind: "predictions",
    path,
    deployment: "churn-prod",
    model: "churn",
    version: 1,
    minTime: at(0),
    maxTime: at(9),
    rowCount: 100_000,
    size: 5_000_000_000,
    digest: `sha256:${"a".repeat(64)}`,
    ...extra,
  };
}

export function logSegmentSuite(backend: string, harness: StoreHarness): void {
  async function withStore(body: (store: MetadataStore) => Promise<void>): Promise<void> {
    const store = await (await harness.fresh()).open();
    try {
      await body(store);
    } finally {
      await store.close();
    }
  }

  describe(`prediction log segment index on ${backend}`, () => {
    after(() => harness.dispose());

    it("upgrades a version 6 store with runs to one that indexes segments", async () => {
      const place = await harness.fresh();
      await place.exec(`${await schemaSql(harness.backend, 6)}; insert into pipelines values ('sha256:p', 'churn', '{}', 1)`);
      const store = await place.open();
      try {
        assert.equal((await store.getPipeline("sha256:p"))?.name, "churn");
        assert.equal(await store.addLogSegment(segment("p/upgraded.parquet")), true);
        assert.deepEqual((await store.listLogSegments({ kind: "predictions" })).map((s) => s.path), ["p/upgraded.parquet"]);
      } finally {
        await store.close();
      }
    });

    it("keeps every field, sizes past 32 bits included, and indexes a path once", async () => {
      await withStore(async (store) => {
        assert.equal(await store.addLogSegment(segment("p/1.parquet")), true);
        assert.equal(await store.addLogSegment(segment("p/1.parquet", { rowCount: 1 })), false);
        const [found, ...rest] = await store.listLogSegments({ kind: "predictions" });
        assert.deepEqual(rest, []);
        assert.ok(found);
        const { id, createdAt, sources, ...fields } = found;
        assert.equal(typeof id, "number");
        assert.ok(createdAt instanceof Date);
        assert.equal(sources, null);
        assert.deepEqual(fields, segment("p/1.parquet"));
      });
    });

    it("replaces compacted segments in one step, once, keeping their paths until told to forget them", async () => {
      await withStore(async (store) => {
        await store.addLogSegment(segment("a", { minTime: at(0), maxTime: at(4), rowCount: 10 }));
        await store.addLogSegment(segment("b", { minTime: at(5), maxTime: at(9), rowCount: 20 }));
        await store.addLogSegment(segment("c", { minTime: at(10), maxTime: at(14), rowCount: 30 }));
        const [a, b, c] = await store.listLogSegments({ kind: "predictions" });
        assert.ok(a && b && c);
        const merged = segment("ab", { minTime: at(0), maxTime: at(9), rowCount: 30 });
        // Two processes compacting the same segments: the first wins, the second changes nothing.
        const outcomes = await Promise.all([store.replaceLogSegments([a, b], merged), store.replaceLogSegments([b, c], segment("bc"))]);
        assert.deepEqual(outcomes, [true, false]);
        const after = await store.listLogSegments({ kind: "predictions" });
        assert.deepEqual(after.map((s) => [s.path, s.rowCount, s.sources]), [["ab", 30, ["a", "b"]], ["c", 30, null]]);
        await store.clearLogSegmentSources((after[0] as { id: number }).id);
        assert.equal((await store.listLogSegments({ kind: "predictions" }))[0]?.sources, null);
      });
    });

    it("removes segments from the index, counting only those still there", async () => {
      await withStore(async (store) => {
        for (const path of ["a", "b", "c"]) await store.addLogSegment(segment(path));
        const [a, b] = await store.listLogSegments({ kind: "predictions" });
        assert.equal(await store.removeLogSegments([a!.id, b!.id]), 2);
        assert.equal(await store.removeLogSegments([a!.id]), 0);
        assert.equal(await store.removeLogSegments([]), 0);
        assert.deepEqual((await store.listLogSegments({ kind: "predictions" })).map((s) => s.path), ["c"]);
      });
    });

    it("lists the segments of a deployment, a model or a version that overlap a window, by time", async () => {
      await withStore(async (store) => {
        await store.addLogSegment(segment("late", { minTime: at(20), maxTime: at(29) }));
        await store.addLogSegment(segment("early", { minTime: at(0), maxTime: at(9) }));
        await store.addLogSegment(segment("middle", { minTime: at(10), maxTime: at(19), version: 2 }));
        await store.addLogSegment(segment("staging", { deployment: "churn-staging", minTime: at(10), maxTime: at(19) }));
        await store.addLogSegment(segment("direct", { deployment: null, model: "fraud", minTime: at(10), maxTime: at(19) }));
        await store.addLogSegment(
          segment("labels", { kind: "labels", deployment: null, model: null, version: null, minTime: at(10), maxTime: at(19) }),
        );
        const paths = async (filter: Omit<Parameters<MetadataStore["listLogSegments"]>[0], "kind">) =>
          (await store.listLogSegments({ kind: "predictions", ...filter })).map((s) => s.path);

        assert.deepEqual(await paths({ deployment: "churn-prod" }), ["early", "middle", "late"]);
        assert.deepEqual(await paths({ model: "churn", version: 1 }), ["early", "staging", "late"]);
        assert.deepEqual(await paths({ model: "fraud" }), ["direct"]);
        // [from, to): a segment ending exactly at `from` overlaps, one starting exactly at `to` does not.
        assert.deepEqual(await paths({ deployment: "churn-prod", from: at(19), to: at(20) }), ["middle"]);
        assert.deepEqual(await paths({ deployment: "churn-prod", from: at(9), to: at(21) }), ["early", "middle", "late"]);
        assert.deepEqual(await paths({ deployment: "churn-prod", from: at(30) }), []);
        assert.deepEqual(
          (await store.listLogSegments({ kind: "labels", from: at(15) })).map((s) => s.path),
          ["labels"],
        );
      });
    });
  });
}
