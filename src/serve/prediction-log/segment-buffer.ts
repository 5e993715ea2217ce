/**
 * Rows held in memory until they are written as a segment: when a segment's worth has
 * arrived, or when the oldest has waited long enough. Rows are gathered in a PendingRows: a
 * list of the items pushed, or columns the items are copied into as they arrive (an item may
 * hold several rows, e.g. an answered request's); counts and sizes are in rows. Writing happens after the caller's turn
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
export type WriteBatch<P> = (batch: P, written: (segmentRows: number) => void) => Promise<void>;

/** Rows waiting to be written, in the form their writer takes. */
export interface PendingRows<T> {
  /** Rows held. */
  readonly rows: number;
  add(item: T): void;
}

/** How a log gathers its items: a new, empty PendingRows, and how many rows an item holds. */
export interface Gathering<T, P extends PendingRows<T>> {
  open(): P;
  rowsOf(item: T): number;
}

/** Items kept as they are, one row each. */
export class RowList<T> implements PendingRows<T> {
  readonly items: T[] = [];
  get rows(): number {
    return this.items.length;
  }
  add(item: T): void {
    this.items.push(item);
  }
}

/** Gathering into a RowList. */
export function rowList<T>(): Gathering<T, RowList<T>> {
  return { open: () => new RowList<T>(), rowsOf: () => 1 };
}

export function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ConveyorError(`prediction log: ${name} must be a whole number ≥ 1, got ${value}`, `give ${name} as a whole number ≥ 1, or leave it out for the default`, "invalid_param");
  }
  return value;
}

export class SegmentBuffer<T, P extends PendingRows<T>> {
  readonly #segmentRows: number;
  readonly #maxBufferedRows: number;
  readonly #onError: (error: unknown) => void;
  readonly #write: WriteBatch<P>;
  readonly #gathering: Gathering<T, P>;
  readonly #timer: NodeJS.Timeout;
  /** Where pushed rows go until a segment's worth is there. */
  #current: P;
  /** Segments' worths waiting to be written, oldest first. */
  #full: P[] = [];
  /** Rows in #current and #full. */
  #buffered = 0;
  /** Rows being written. */
  #writing = 0;
  #draining: Promise<void> | undefined;
  #closed = false;
  readonly #counts = { accepted: 0, dropped: 0, written: 0, lost: 0, segments: 0 };

  constructor(options: BufferOptions, write: WriteBatch<P>, gathering: Gathering<T, P>) {
    this.#segmentRows = positiveInteger("segmentRows", options.segmentRows ?? 100_000);
    this.#maxBufferedRows = positiveInteger("maxBufferedRows", options.maxBufferedRows ?? 2 * this.#segmentRows);
    const interval = positiveInteger("flushIntervalMs", options.flushIntervalMs ?? 10_000);
    this.#onError = options.onError ?? warnLogError;
    this.#write = write;
    this.#gathering = gathering;
    this.#current = gathering.open();
    this.#timer = setInterval(() => {
      if (this.#buffered > 0) void this.flush();
    }, interval);
    // A log waiting for its next rotation must not keep the process alive.
    this.#timer.unref();
  }

  push(item: T): void {
    const rows = this.#gathering.rowsOf(item);
    if (this.#closed || this.#buffered + this.#writing + rows > this.#maxBufferedRows) {
      this.#counts.dropped += rows;
      return;
    }
    this.#counts.accepted += rows;
    this.#current.add(item);
    this.#buffered += rows;
    if (this.#current.rows >= this.#segmentRows) {
      this.#full.push(this.#current);
      this.#current = this.#gathering.open();
      void this.flush();
    }
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
    return { ...this.#counts, buffered: this.#buffered + this.#writing };
  }

  async #drain(): Promise<void> {
    while (this.#buffered > 0) {
      // Off the pusher's turn: the segment is built after the request that filled it is answered.
      await setImmediate();
      let batch = this.#full.shift();
      if (batch === undefined) {
        batch = this.#current;
        this.#current = this.#gathering.open();
      }
      this.#buffered -= batch.rows;
      this.#writing = batch.rows;
      let done = 0;
      try {
        await this.#write(batch, (segmentRows) => {
          done += segmentRows;
          this.#counts.written += segmentRows;
          this.#counts.segments++;
        });
      } catch (error) {
        this.#counts.lost += batch.rows - done;
        this.#onError(error);
      } finally {
        this.#writing = 0;
      }
    }
  }
}
