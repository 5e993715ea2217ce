/**
 * Retention: the log keeps a bounded history. A segment whose newest row is older than
 * `maxAgeMs` is removed, and, while the segments' files add up to more than `maxBytes`, the
 * oldest ones are, until the rest fit. A segment leaves the index first, then its file (with the
 * files of the segments a merge replaced, if they are still there): a reader that listed it a
 * moment before may find it gone.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { ConveyorError } from "../../errors.ts";
import type { LogSegmentKind, LogSegmentRecord, LogSegmentStore } from "../../store/log-segment-types.ts";

export interface RetentionOptions {
  /** Segments whose newest row is older than this, in milliseconds, are removed (default 30 days; Infinity: kept whatever their age). */
  maxAgeMs?: number;
  /** The most bytes of segment files kept, the oldest removed first (default: no limit). */
  maxBytes?: number;
}

export interface Pruned {
  segments: number;
  rows: number;
  bytes: number;
}

export const DEFAULT_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

/** The options checked: positive numbers (Infinity allowed), defaults filled in. */
export function retentionLimits(options: RetentionOptions): Required<RetentionOptions> {
  const { maxAgeMs = DEFAULT_MAX_AGE_MS, maxBytes = Number.POSITIVE_INFINITY } = options;
  for (const [name, value] of [
    ["maxAgeMs", maxAgeMs],
    ["maxBytes", maxBytes],
  ] as const) {
    if (!(value > 0)) {
      throw new ConveyorError(`prediction log: retention.${name} must be a number > 0, got ${value}`, `give retention.${name} as a positive number (Infinity: no limit), or leave it out for the default`, "invalid_param");
    }
  }
  return { maxAgeMs, maxBytes };
}

export async function pruneSegments(store: LogSegmentStore, folder: string, kind: LogSegmentKind, limits: Required<RetentionOptions>, now = Date.now()): Promise<Pruned> {
  const segments = await store.listLogSegments({ kind });
  const expired = new Set(segments.filter((s) => now - s.maxTime.getTime() > limits.maxAgeMs));
  let bytes = 0;
  // Newest first: the newest segments fill the budget, the oldest are left out of it.
  for (const segment of [...segments].sort((a, b) => b.maxTime.getTime() - a.maxTime.getTime())) {
    if (expired.has(segment)) continue;
    bytes += segment.size;
    if (bytes > limits.maxBytes) expired.add(segment);
  }
  const removed = [...expired];
  if (removed.length === 0) return { segments: 0, rows: 0, bytes: 0 };
  await store.removeLogSegments(removed.map((s) => s.id));
  for (const segment of removed) await removeFiles(folder, segment);
  return {
    segments: removed.length,
    rows: removed.reduce((sum, s) => sum + s.rowCount, 0),
    bytes: removed.reduce((sum, s) => sum + s.size, 0),
  };
}

async function removeFiles(folder: string, segment: LogSegmentRecord): Promise<void> {
  for (const path of [segment.path, ...(segment.sources ?? [])]) await rm(join(folder, path), { force: true });
}
