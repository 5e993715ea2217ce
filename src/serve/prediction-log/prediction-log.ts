import { type AnsweredRows, type PredictionRecord, type PredictionSink, recordRows } from "../prediction-record.ts";
import type { Compacted } from "./compact.ts";
import { PredictionColumns } from "./prediction-columns.ts";
import type { Pruned } from "./prune.ts";
import type { Recovered } from "./recover.ts";
import { checkSampleFraction, keepsRequest } from "./sampling.ts";
import type { BufferCounts } from "./segment-buffer.ts";
import { SegmentLog, type SegmentLogOptions } from "./segment-log.ts";
import { writePredictionSegments } from "./write-segments.ts";

export interface PredictionLogOptions extends SegmentLogOptions {
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
 * (readPredictions). `appendRows` and `append` only copy the rows into memory, column by
 * column (see PredictionColumns); segments are written off the
 * request path, when `segmentRows` rows have arrived or every `flushIntervalMs`. Rows still in
 * memory when the process dies are lost; a segment is never half-written.
 */
export class PredictionLog implements PredictionSink {
  readonly #log: SegmentLog<AnsweredRows, PredictionColumns>;
  readonly #sample: number;
  #sampledOut = 0;

  private constructor(log: SegmentLog<AnsweredRows, PredictionColumns>, sample: number) {
    this.#log = log;
    this.#sample = sample;
  }

  /** Opens the log, first indexing whole segments a stopped writer left unindexed and removing its temporary files. */
  static async open(options: PredictionLogOptions): Promise<PredictionLog> {
    const sample = checkSampleFraction(options.sample ?? 1);
    const log = await SegmentLog.open(
      "predictions",
      options,
      (store, folder) => (predictions, written) => writePredictionSegments(store, folder, predictions, written),
      { open: () => new PredictionColumns(), rowsOf: (rows: AnsweredRows) => rows.count },
    );
    return new PredictionLog(log, sample);
  }

  get recovered(): Recovered {
    return this.#log.recovered;
  }

  /** One answered request's rows, as the server hands them: kept as they are, with no object per row. */
  appendRows(rows: AnsweredRows): void {
    if (keepsRequest(rows.requestId, this.#sample)) this.#log.append(rows);
    else this.#sampledOut += rows.count;
  }

  /** One row, as code outside the server logs it. */
  append(record: PredictionRecord): void {
    this.appendRows(recordRows(record));
  }

  flush(): Promise<void> {
    return this.#log.flush();
  }

  /** Merges old small segments now, as the log does every `compaction.intervalMs`. */
  compact(): Promise<Compacted> {
    return this.#log.compact();
  }

  /** Removes the segments past the retention limits now, as the log does every `compaction.intervalMs`. */
  prune(): Promise<Pruned> {
    return this.#log.prune();
  }

  close(): Promise<void> {
    return this.#log.close();
  }

  get counts(): PredictionLogCounts {
    return { ...this.#log.counts, sampledOut: this.#sampledOut };
  }
}
