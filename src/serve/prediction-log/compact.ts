/**
 * Compaction: a quiet deployment writes a small segment every flush interval, and a window
 * over many small files costs DuckDB a file open each (1,000 files of 100 rows took seconds
 * where one file of 100,000 rows takes milliseconds). Segments old enough are merged, per
 * deployment, model, version and UTC day, into segments of up to `targetRows` rows.
 *
 * Crash safety, in order: the merged file is written under a temporary name and renamed to a
 * name ending in ".compacted.parquet"; one transaction then indexes it and unindexes its
 * sources, recording their paths; the source files are removed a grace period later, so a
 * reader that listed them just before still finds them. A process stopped at any point
 * leaves either the sources indexed (and an unindexed compacted file, never picked up:
 * removed once stale) or the merged segment indexed (and source files that recovery knows
 * not to pick up, removed by the next compaction).
 */
import { rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { sha256File } from "../../artifacts/digest.ts";
import { withConnection } from "../../ml/io/duckdb.ts";
import { sqlString } from "../../ml/io/sql.ts";
import type { LogSegmentKind, LogSegmentRecord, LogSegmentStore } from "../../store/log-segment-types.ts";
import { segmentPath, temporaryPath } from "./log-folder.ts";

export interface CompactionOptions {
  /** Only segments indexed at least this long ago are merged, in milliseconds (default: an hour). */
  minAgeMs?: number;
  /** The most rows a merged segment holds (default 1,000,000); segments of half as many or more are left as they are. */
  targetRows?: number;
  /** How long the files a merge replaced stay for readers already scanning them, in milliseconds (default: 10 minutes). */
  graceMs?: number;
}

export interface Compacted {
  /** Segments merged into others. */
  merged: number;
  /** Segments the merges wrote. */
  written: number;
  /** Files of earlier merges' sources removed. */
  removed: number;
}

export async function compactSegments(store: LogSegmentStore, folder: string, kind: LogSegmentKind, options: CompactionOptions = {}): Promise<Compacted> {
  const { minAgeMs = 60 * 60 * 1000, targetRows = 1_000_000, graceMs = 10 * 60 * 1000 } = options;
  const now = Date.now();
  const segments = await store.listLogSegments({ kind });
  const compacted: Compacted = { merged: 0, written: 0, removed: 0 };

  for (const segment of segments) {
    if (segment.sources === null || now - segment.createdAt.getTime() < graceMs) continue;
    for (const source of segment.sources) await rm(join(folder, source), { force: true });
    await store.clearLogSegmentSources(segment.id);
    compacted.removed += segment.sources.length;
  }

  // A merged segment whose sources are not yet removed is merged no further: its record is what says they are not to be picked up.
  const small = segments.filter((s) => s.sources === null && s.rowCount < targetRows / 2 && now - s.createdAt.getTime() >= minAgeMs);
  for (const pack of packs(small, targetRows)) {
    if (await merge(store, folder, kind, pack)) {
      compacted.merged += pack.length;
      compacted.written++;
    }
  }
  return compacted;
}

/** Runs of consecutive segments of one deployment, model, version and day, each of at most `targetRows` rows, that merge into one. */
function packs(segments: readonly LogSegmentRecord[], targetRows: number): LogSegmentRecord[][] {
  const groups = new Map<string, LogSegmentRecord[]>();
  for (const s of segments) {
    const key = JSON.stringify([s.deployment, s.model, s.version, s.minTime.toISOString().slice(0, 10)]);
    const group = groups.get(key);
    if (group) group.push(s);
    else groups.set(key, [s]);
  }
  const result: LogSegmentRecord[][] = [];
  for (const group of groups.values()) {
    let pack: LogSegmentRecord[] = [];
    let rows = 0;
    for (const s of group) {
      if (rows + s.rowCount > targetRows) {
        result.push(pack);
        [pack, rows] = [[], 0];
      }
      pack.push(s);
      rows += s.rowCount;
    }
    result.push(pack);
  }
  return result.filter((p) => p.length >= 2);
}

/** Writes the pack's rows as one segment and swaps it in; false when another process merged one of them first. */
async function merge(store: LogSegmentStore, folder: string, kind: LogSegmentKind, pack: readonly LogSegmentRecord[]): Promise<boolean> {
  const first = pack[0] as LogSegmentRecord;
  const path = segmentPath(kind, first.minTime, true);
  const target = join(folder, path);
  const temporary = temporaryPath(target);
  try {
    const files = pack.map((s) => sqlString(join(folder, s.path))).join(", ");
    await withConnection((connection) =>
      connection.run(
        `COPY (SELECT * FROM read_parquet([${files}], union_by_name = true) ORDER BY time) TO ${sqlString(temporary)} (FORMAT parquet, COMPRESSION zstd)`,
      ),
    );
    const { hex, size } = await sha256File(temporary);
    await rename(temporary, target);
    const replaced = await store.replaceLogSegments(pack, {
      kind,
      path,
      deployment: first.deployment,
      model: first.model,
      version: first.version,
      minTime: new Date(pack.reduce((min, s) => Math.min(min, s.minTime.getTime()), Number.POSITIVE_INFINITY)),
      maxTime: new Date(pack.reduce((max, s) => Math.max(max, s.maxTime.getTime()), Number.NEGATIVE_INFINITY)),
      rowCount: pack.reduce((sum, s) => sum + s.rowCount, 0),
      size,
      digest: `sha256:${hex}`,
    });
    if (!replaced) await rm(target, { force: true });
    return replaced;
  } finally {
    await rm(temporary, { force: true });
  }
}
