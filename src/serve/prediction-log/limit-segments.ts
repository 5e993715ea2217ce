import type { LogSegmentRecord } from "../../store/log-segment-types.ts";

/**
 * Of the segments that overlap a window, those that can hold its `limit` newest (or oldest)
 * rows, so that "the last 10,000 predictions" opens the last few files of a long log rather
 * than all of them. Segments hold one deployment, model and version each, so only time
 * decides: walking from the newest end, once segments lying wholly inside the window hold
 * `limit` rows, every row of the answer is at least as new as the oldest of them, and only
 * segments reaching that time are needed.
 */
export function segmentsForLimit(
  segments: readonly LogSegmentRecord[],
  limit: number,
  order: "oldest" | "newest",
  from: Date | undefined,
  to: Date | undefined,
): LogSegmentRecord[] {
  const inside = (s: LogSegmentRecord) => (from === undefined || s.minTime >= from) && (to === undefined || s.maxTime < to);
  const newest = order === "newest";
  // By the end of each segment nearest the answer: its start for the newest rows, its end for the oldest.
  const near = (s: LogSegmentRecord) => (newest ? s.minTime : s.maxTime).getTime();
  const walk = [...segments].sort((a, b) => (newest ? near(b) - near(a) : near(a) - near(b)));
  let rows = 0;
  for (const segment of walk) {
    if (inside(segment)) rows += segment.rowCount;
    if (rows >= limit) {
      const bound = near(segment);
      return segments.filter((s) => (newest ? s.maxTime.getTime() >= bound : s.minTime.getTime() <= bound));
    }
  }
  return [...segments];
}
