import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { segmentsForLimit } from "../../src/serve/prediction-log/limit-segments.ts";
import type { LogSegmentRecord } from "../../src/store/log-segment-types.ts";

const segment = (path: string, min: number, max: number, rowCount: number): LogSegmentRecord => ({
  id: 0,
  kind: "predictions",
  path,
  deployment: "d",
  model: "m",
  version: 1,
  minTime: new Date(min),
  maxTime: new Date(max),
  rowCount,
  size: 1,
  digest: "",
  sources: null,
  createdAt: new Date(0),
});
const paths = (segments: LogSegmentRecord[]) => segments.map((s) => s.path).sort();

describe("segmentsForLimit", () => {
  // Two processes logging one deployment: their segments interleave in time.
  const a1 = segment("a1", 0, 100, 10);
  const b1 = segment("b1", 50, 60, 10);
  const a2 = segment("a2", 101, 200, 10);
  const b2 = segment("b2", 150, 250, 10);
  const all = [a1, b1, a2, b2];

  it("keeps every segment that may hold one of the newest rows, overlapping ones included", () => {
    assert.deepEqual(paths(segmentsForLimit(all, 10, "newest", undefined, undefined)), ["a2", "b2"]);
    assert.deepEqual(paths(segmentsForLimit(all, 20, "newest", undefined, undefined)), ["a2", "b2"]);
    assert.deepEqual(paths(segmentsForLimit(all, 21, "newest", undefined, undefined)), ["a1", "a2", "b1", "b2"]);
  });

  it("does the same from the oldest end", () => {
    assert.deepEqual(paths(segmentsForLimit(all, 10, "oldest", undefined, undefined)), ["a1", "b1"]);
    assert.deepEqual(paths(segmentsForLimit(all, 20, "oldest", undefined, undefined)), ["a1", "b1"]);
    // The 21st oldest row is in a2 or b2, which starts before a2 ends.
    assert.deepEqual(paths(segmentsForLimit(all, 21, "oldest", undefined, undefined)), ["a1", "a2", "b1", "b2"]);
  });

  it("counts only segments wholly inside the window towards the limit", () => {
    // b2 reaches past `to`: its rows may lie outside the window, so a2 and b1's time decide.
    assert.deepEqual(paths(segmentsForLimit(all, 10, "newest", undefined, new Date(240))), ["a2", "b2"]);
    assert.deepEqual(paths(segmentsForLimit(all, 10, "newest", new Date(120), undefined)), ["a2", "b2"]);
    assert.deepEqual(paths(segmentsForLimit(all, 11, "newest", new Date(120), undefined)), ["a1", "a2", "b1", "b2"]);
  });
});
