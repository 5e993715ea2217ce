import { resolve } from "node:path";
import type { LogSegmentStore } from "../../store/log-segment-types.ts";
import type { PredictionRecord, PredictionSink } from "../prediction-record.ts";
import { logFolder } from "./log-folder.ts";
import { type Recovered, recoverSegments } from "./recover.ts";
import { checkSampleFraction, keepsRequest } from "./sampling.ts";
import { type BufferCounts, type BufferOptions, SegmentBuffer } from "./segment-buffer.ts";
import { writePredictionSegments } from "./write-segments.ts";

export interface PredictionLogOptions extends BufferOptions {
  /** The store whose index lists the segments (the server's own store). */
  store: LogSegmentStore;
  /** The project folder: segments go to `<root>/.conveyor/prediction-log/` (default: the working folder). */
  root?: string;
  /** The fraction of requests logged, all rows of a request together (default 1: every request). */
  sample?: number;
}

export interface PredictionLogCounts extends BufferCounts {
  /** Rows of requests the sampling left out. */
  sampledOut: number;
}

/**
 * The prediction log: what the server answered, kept as Parquet segments under the project
 * and indexed in the store, for monitors to read back by deployment, model and time
 * (readPredictions). `append` only puts the row in memory; segments are written off the
 * request path, when `segmentRows` rows have arrived or every `flushIntervalMs`. Rows still in
 * memory when the process dies are lost; a segment is never half-written.
 */
export class PredictionLog implements PredictionSink {
  readonly #buffer: SegmentBuffer<PredictionRecord>;
  readonly #sample: number;
  #sampledOut = 0;
  #recovered: Recovered = { pickedUp: [], removed: [] };

  private constructor(options: PredictionLogOptions, folder: string) {
    this.#sample = checkSampleFraction(options.sample ?? 1);
    this.#buffer = new SegmentBuffer(options, (records, written) => writePredictionSegments(options.store, folder, records, written));
  }

  /** Opens the log, first indexing whole segments a stopped writer left unindexed and removing its temporary files. */
  static async open(options: PredictionLogOptions): Promise<PredictionLog> {
    const folder = logFolder(resolve(options.root ?? process.cwd()));
    const log = new PredictionLog(options, folder);
    try {
      log.#recovered = await recoverSegments(options.store, folder, "predictions");
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

  append(record: PredictionRecord): void {
    if (keepsRequest(record.requestId, this.#sample)) this.#buffer.push(record);
    else this.#sampledOut++;
  }

  /** Writes every row appended so far; resolves when they are indexed (or counted as lost). */
  flush(): Promise<void> {
    return this.#buffer.flush();
  }

  close(): Promise<void> {
    return this.#buffer.close();
  }

  get counts(): PredictionLogCounts {
    return { ...this.#buffer.counts, sampledOut: this.#sampledOut };
  }
}
