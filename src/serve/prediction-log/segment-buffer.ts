/**
 * Rows held in memory until they are written as a segment: when a segment's worth has
 * arrived, or when the oldest has waited long enough. Writing happens after the caller's turn
 * of the event loop and never makes `push` wait; when writing falls behind and the buffer is
 * full, rows are dropped and counted instead.
 */
import { setImmediate } from "node:timers/promises";
import { ConveyorError } from "../../errors.ts";

export interface BufferOptions {
  /** Rows in one segment: a buffer holding this many is written at once (default 100,000). */
  segmentRows?: number;
  /** The longest a row waits in memory before it is written, in milliseconds (default 10,000). */
  flushIntervalMs?: number;
  /** The most rows held in memory, waiting or being written (default twice `segmentRows`); past it rows are dropped. */
  maxBufferedRows?: number;
  /** Told of a segment that could not be written (its rows are counted as lost); by default a warning on stderr. */
  onError?: (error: unknown) => void;
}

/** What the log does with an error it cannot give to anyone waiting: a process warning. */
export function warnLogError(error: unknown): void {
  process.emitWarning(`prediction log: ${error instanceof Error ? error.message : String(error)}`);
}

export interface BufferCounts {
  /** Rows taken into the buffer. */
  accepted: number;
  /** Rows refused because the buffer was full (or the log closed). */
  dropped: number;
  /** Rows in segments written and indexed. */
  written: number;
  /** Rows of segments whose writing failed. */
  lost: number;
  segments: number;
  /** Rows in memory now. */
  buffered: number;
}

/** Writes a batch of rows as one or more segments, telling `written` the row count of each once it is indexed. */
export type WriteBatch<T> = (rows: T[], written: (segmentRows: number) => void) => Promise<void>;

export function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ConveyorError(`prediction log: ${name} must be a whole number ≥ 1, got ${value}`, `give ${name} as a whole number ≥ 1, or leave it out for the default`, "invalid_param");
  }
  return value;
}

export class SegmentBuffer<T> {
  readonly #segmentRows: number;
  readonly #maxBufferedRows: number;
  readonly #onError: (error: unknown) => void;
  readonly #write: WriteBatch<T>;
  readonly #timer: NodeJS.Timeout;
  #rows: T[] = [];
  #writing = 0;
  #draining: Promise<void> | undefined;
  #closed = false;
  readonly #counts = { accepted: 0, dropped: 0, written: 0, lost: 0, segments: 0 };

  constructor(options: BufferOptions, write: WriteBatch<T>) {
    this.#segmentRows = positiveInteger("segmentRows", options.segmentRows ?? 100_000);
    this.#maxBufferedRows = positiveInteger("maxBufferedRows", options.maxBufferedRows ?? 2 * this.#segmentRows);
    const interval = positiveInteger("flushIntervalMs", options.flushIntervalMs ?? 10_000);
    this.#onError = options.onError ?? warnLogError;
    this.#write = write;
    this.#timer = setInterval(() => {
      if (this.#rows.length > 0) void this.flush();
    }, interval);
    // A log waiting for its next rotation must not keep the process alive.
    this.#timer.unref();
  }

  push(row: T): void {
    if (this.#closed || this.#rows.length + this.#writing >= this.#maxBufferedRows) {
      this.#counts.dropped++;
      return;
    }
    this.#counts.accepted++;
    this.#rows.push(row);
    if (this.#rows.length === this.#segmentRows) void this.flush();
  }

  /** Writes every row pushed before the call (and those that arrive meanwhile). Never rejects. */
  flush(): Promise<void> {
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = undefined;
    });
    return this.#draining;
  }

  /** Writes what is buffered and refuses (drops) rows from now on. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.flush();
  }

  get counts(): BufferCounts {
    return { ...this.#counts, buffered: this.#rows.length + this.#writing };
  }

  async #drain(): Promise<void> {
    while (this.#rows.length > 0) {
      // Off the pusher's turn: the segment is built after the request that filled it is answered.
      await setImmediate();
      const batch = this.#rows.length <= this.#segmentRows ? this.#rows : this.#rows.slice(0, this.#segmentRows);
      this.#rows = batch === this.#rows ? [] : this.#rows.slice(this.#segmentRows);
      this.#writing = batch.length;
      let done = 0;
      try {
        await this.#write(batch, (segmentRows) => {
          done += segmentRows;
          this.#counts.written += segmentRows;
          this.#counts.segments++;
        });
      } catch (error) {
        this.#counts.lost += batch.length - done;
        this.#onError(error);
      } finally {
        this.#writing = 0;
      }
    }
  }
}
