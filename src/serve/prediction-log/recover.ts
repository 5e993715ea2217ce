/**
 * What a stopped writer may leave in the log's folder, dealt with when a log opens:
 * - a segment renamed into place but not indexed (the process died between the two): the file
 *   is whole, since only a complete file is renamed, so it is picked up: read and indexed;
 * - a temporary file (the process died while writing it): removed when its writer is gone,
 *   that is a process of this host that no longer runs, or any writer an hour ago;
 * - a compaction's merged segment that was never indexed (its rows are still in its indexed
 *   sources): removed once an hour old, and a merged segment's source files: left for the
 *   next compaction to remove (see compact.ts). Neither is ever picked up.
 * Readers open only indexed files, so none of these is ever read in the meantime.
 */
import { access, readdir, rm, stat } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { withConnection } from "../../ml/io/duckdb.ts";
import { sqlString } from "../../ml/io/sql.ts";
import { sha256File } from "../../artifacts/digest.ts";
import type { LogSegmentKind, LogSegmentStore } from "../../store/log-segment-types.ts";
import { COMPACTED, temporaryWriter } from "./log-folder.ts";

/** A writer renames and indexes its segment within seconds of starting it: a file an hour old belongs to no running writer. */
const STALE_MS = 60 * 60 * 1000;

export interface Recovered {
  /** Whole segments that were found unindexed, and indexed. */
  pickedUp: string[];
  /** Temporary files of stopped writers, removed. */
  removed: string[];
}

export async function recoverSegments(store: LogSegmentStore, folder: string, kind: LogSegmentKind): Promise<Recovered> {
  // Files first, then the index: a file renamed and indexed in between is seen as indexed.
  const files = await filesUnder(folder, kind);
  const segments = await store.listLogSegments({ kind });
  const indexed = new Set(segments.map((s) => s.path));
  const replaced = new Set(segments.flatMap((s) => s.sources ?? []));
  const recovered: Recovered = { pickedUp: [], removed: [] };
  for (const path of files) {
    if (indexed.has(path) || replaced.has(path)) continue;
    const file = join(folder, path);
    try {
      if (path.endsWith(COMPACTED) ? await isStale(file) : await isStaleTemporary(file)) {
        await rm(file, { force: true });
        recovered.removed.push(path);
      } else if (path.endsWith(".parquet") && !path.endsWith(COMPACTED)) {
        await store.addLogSegment({ kind, path, ...(await describeSegment(file, kind)) });
        recovered.pickedUp.push(path);
      }
    } catch (error) {
      // Gone since the folder was listed: its writer renamed it, or a compaction removed it.
      if (await exists(file)) throw error;
    }
  }
  return recovered;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Files under `<folder>/<kind>/`, relative to `folder` with "/" separators; none when the folder is new. */
async function filesUnder(folder: string, kind: LogSegmentKind): Promise<string[]> {
  const entries = await readdir(join(folder, kind), { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(folder.length + 1).replaceAll("\\", "/"))
    .sort();
}

async function isStaleTemporary(path: string): Promise<boolean> {
  const writer = temporaryWriter(path);
  if (!writer) return false;
  return (writer.host === hostname() && !isRunning(writer.pid)) || (await isStale(path));
}

async function isStale(path: string): Promise<boolean> {
  return Date.now() - (await stat(path)).mtimeMs > STALE_MS;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** What the index says of a segment, read from the segment itself. */
async function describeSegment(path: string, kind: LogSegmentKind) {
  const source =
    kind === "predictions"
      ? "any_value(deployment), any_value(model), any_value(version)"
      : "NULL, NULL, NULL";
  const [row] = await withConnection(async (connection) =>
    (
      await connection.runAndReadAll(
        `SELECT ${source}, epoch_ms(min(time)), epoch_ms(max(time)), count(*) FROM read_parquet(${sqlString(path)})`,
      )
    ).getRows(),
  );
  const [deployment, model, version, minTime, maxTime, rowCount] = row ?? [];
  const { hex, size } = await sha256File(path);
  return {
    deployment: deployment === null ? null : String(deployment),
    model: model === null ? null : String(model),
    version: version === null ? null : Number(version),
    minTime: new Date(Number(minTime)),
    maxTime: new Date(Number(maxTime)),
    rowCount: Number(rowCount),
    size,
    digest: `sha256:${hex}`,
  };
}
