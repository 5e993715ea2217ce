import { hostname } from "node:os";
import { join } from "node:path";
import type { LogSegmentKind } from "../../store/log-segment-types.ts";
import { conveyorDir } from "../../store/workspace.ts";

/** Where a project's prediction log keeps its segments: `.conveyor/prediction-log/`. */
export function logFolder(root: string): string {
  return join(conveyorDir(root), "prediction-log");
}

/**
 * A new segment's path relative to the log folder: by kind and UTC day, so no folder grows
 * without bound, and named by its first row's time and a random suffix, so writers in several
 * processes never pick the same name.
 */
export function segmentPath(kind: LogSegmentKind, firstTime: Date, compacted = false): string {
  const iso = firstTime.toISOString();
  const stamp = iso.replaceAll(/[-:]/g, "").replace(".", "");
  return `${kind}/${iso.slice(0, 10)}/${stamp}-${Math.random().toString(36).slice(2, 10)}${compacted ? COMPACTED : ".parquet"}`;
}

/**
 * How a segment made by compaction ends: until the compaction commits, its rows are in its
 * sources too, so such a file found unindexed is never picked up (see recover.ts).
 */
export const COMPACTED = ".compacted.parquet";

/** The temporary name a segment is written under before it is renamed: it names the writing process. */
export function temporaryPath(path: string): string {
  return `${path}.${hostname()}.${process.pid}.tmp`;
}

/** The host and process a temporary name was written by, if it is one of ours. */
export function temporaryWriter(name: string): { host: string; pid: number } | undefined {
  const match = /\.parquet\.(.+)\.(\d+)\.tmp$/.exec(name);
  return match ? { host: match[1] as string, pid: Number(match[2]) } : undefined;
}
