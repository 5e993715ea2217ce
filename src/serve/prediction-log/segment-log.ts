import { resolve } from "node:path";
import type { LogSegmentKind, LogSegmentStore } from "../../store/log-segment-types.ts";
import { logFolder } from "./log-folder.ts";
import { type Recovered, recoverSegments } from "./recover.ts";
import { type BufferCounts, type BufferOptions, SegmentBuffer, type WriteBatch } from "./segment-buffer.ts";

export interface SegmentLogOptions extends BufferOptions {
  /** The store whose index lists the segments (the server's own store). */
  store: LogSegmentStore;
  /** The project folder: segments go to `<root>/.conveyor/prediction-log/` (default: the working folder). */
  root?: string;
}

/** Writes a batch of rows as segments under `folder` (the log's folder), indexing them in `store`. */
export type SegmentWriter<T> = (store: LogSegmentStore, folder: string) => WriteBatch<T>;

/** One kind of row of the log (predictions or labels): buffered, written as indexed segments, recovered at opening. */
export class SegmentLog<T> {
  readonly #buffer: SegmentBuffer<T>;
  #recovered: Recovered = { pickedUp: [], removed: [] };

  private constructor(buffer: SegmentBuffer<T>) {
    this.#buffer = buffer;
  }

  /** Opens the log, first indexing whole segments a stopped writer left unindexed and removing its temporary files. */
  static async open<T>(kind: LogSegmentKind, options: SegmentLogOptions, writer: SegmentWriter<T>): Promise<SegmentLog<T>> {
    const folder = logFolder(resolve(options.root ?? process.cwd()));
    const log = new SegmentLog(new SegmentBuffer(options, writer(options.store, folder)));
    try {
      log.#recovered = await recoverSegments(options.store, folder, kind);
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

  /** Takes a row into memory, or drops and counts it when the buffer is full; never waits. */
  append(row: T): void {
    this.#buffer.push(row);
  }

  /** Writes every row appended so far; resolves when they are indexed (or counted as lost). */
  flush(): Promise<void> {
    return this.#buffer.flush();
  }

  /** Writes what is buffered and drops rows from now on. */
  close(): Promise<void> {
    return this.#buffer.close();
  }

  get counts(): BufferCounts {
    return this.#buffer.counts;
  }
}
