import { resolve } from "node:path";
import type { LogSegmentKind, LogSegmentStore } from "../../store/log-segment-types.ts";
import { type Compacted, type CompactionOptions, compactSegments } from "./compact.ts";
import { logFolder } from "./log-folder.ts";
import { type Pruned, pruneSegments, type RetentionOptions, retentionLimits } from "./prune.ts";
import { type Recovered, recoverSegments } from "./recover.ts";
import {
  type BufferCounts,
  type BufferOptions,
  type Gathering,
  type PendingRows,
  positiveInteger,
  type RowList,
  SegmentBuffer,
  type WriteBatch,
  warnLogError,
} from "./segment-buffer.ts";

export interface SegmentLogOptions extends BufferOptions {
  /** The store whose index lists the segments (the server's own store). */
  store: LogSegmentStore;
  /** The project folder: segments go to `<root>/.conveyor/prediction-log/` (default: the working folder). */
  root?: string;
  /**
   * Merging old small segments into large ones, every `intervalMs` (default 10 minutes), so
   * that reading a long window opens few files (see compact.ts); false: never.
   */
  compaction?: (CompactionOptions & { intervalMs?: number }) | false;
  /**
   * How much history is kept, applied at the same interval as compaction (see prune.ts):
   * segments older than `maxAgeMs` (default 30 days) and the oldest past `maxBytes` (default no
   * limit) are removed; false: everything is kept.
   */
  retention?: RetentionOptions | false;
}

/** Writes a batch of rows as segments under `folder` (the log's folder), indexing them in `store`. */
export type SegmentWriter<P> = (store: LogSegmentStore, folder: string) => WriteBatch<P>;

/**
 * One kind of row of the log (predictions or labels): buffered, written as indexed segments,
 * recovered at opening. Items are gathered in P (by default a list of them) until written.
 */
export class SegmentLog<T, P extends PendingRows<T> = RowList<T>> {
  readonly #folder: string;
  readonly #buffer: SegmentBuffer<T, P>;
  readonly #compact: () => Promise<Compacted>;
  readonly #prune: (() => Promise<Pruned>) | undefined;
  readonly #maintenanceTimer: NodeJS.Timeout | undefined;
  #compacting: Promise<Compacted> | undefined;
  #pruning: Promise<Pruned> | undefined;
  #recovered: Recovered = { pickedUp: [], removed: [] };

  private constructor(kind: LogSegmentKind, options: SegmentLogOptions, writer: SegmentWriter<P>, gathering: Gathering<T, P>) {
    const folder = logFolder(resolve(options.root ?? process.cwd()));
    const { compaction = {}, retention = {} } = options;
    // Checked before any timer starts, so a refused option leaves nothing running.
    const interval = positiveInteger("compaction.intervalMs", (compaction ? compaction.intervalMs : undefined) ?? 10 * 60 * 1000);
    const limits = retention ? retentionLimits(retention) : undefined;
    this.#folder = folder;
    this.#buffer = new SegmentBuffer(options, writer(options.store, folder), gathering);
    this.#compact = () => compactSegments(options.store, folder, kind, compaction || {});
    this.#prune = limits && (() => pruneSegments(options.store, folder, kind, limits));
    if (compaction || limits) {
      const onError = options.onError ?? warnLogError;
      this.#maintenanceTimer = setInterval(() => {
        if (compaction) this.compact().catch(onError);
        if (limits) this.prune().catch(onError);
      }, interval);
      this.#maintenanceTimer.unref();
    }
  }

  /** Opens the log, first indexing whole segments a stopped writer left unindexed and removing its temporary files. */
  static async open<T, P extends PendingRows<T>>(kind: LogSegmentKind, options: SegmentLogOptions, writer: SegmentWriter<P>, gathering: Gathering<T, P>): Promise<SegmentLog<T, P>> {
    const log = new SegmentLog(kind, options, writer, gathering);
    try {
      log.#recovered = await recoverSegments(options.store, log.#folder, kind);
    } catch (error) {
      await log.close();
      throw error;
    }
    return log;
  }

  /** What opening the log found left by a stopped writer, and did with it. */
  get recovered(): Recovered {
    return this.#recovered;
  }

  /** Takes an item's rows into memory, or drops and counts them when the buffer is full; never waits. */
  append(item: T): void {
    this.#buffer.push(item);
  }

  /** Writes every row appended so far; resolves when they are indexed (or counted as lost). */
  flush(): Promise<void> {
    return this.#buffer.flush();
  }

  /** Merges old small segments now (one compaction at a time: a call during one waits for it). */
  compact(): Promise<Compacted> {
    this.#compacting ??= this.#compact().finally(() => {
      this.#compacting = undefined;
    });
    return this.#compacting;
  }

  /** Removes the segments past the retention limits now, as the log does every `compaction.intervalMs` (nothing when retention is false). */
  prune(): Promise<Pruned> {
    const prune = this.#prune;
    if (!prune) return Promise.resolve({ segments: 0, rows: 0, bytes: 0 });
    this.#pruning ??= prune().finally(() => {
      this.#pruning = undefined;
    });
    return this.#pruning;
  }

  /** Writes what is buffered, drops rows from now on, and lets a running compaction or pruning finish. */
  async close(): Promise<void> {
    clearInterval(this.#maintenanceTimer);
    await this.#buffer.close();
    await this.#compacting?.catch(() => {});
    await this.#pruning?.catch(() => {});
  }

  get counts(): BufferCounts {
    return this.#buffer.counts;
  }
}
