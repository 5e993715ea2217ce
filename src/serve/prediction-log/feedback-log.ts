import { type LabelRecord, writeLabelSegments } from "./label-record.ts";
import { SegmentLog, type SegmentLogOptions } from "./segment-log.ts";

/**
 * Where the server keeps the labels posted to `POST /v2/feedback`: buffered like the
 * predictions, written as Parquet segments off the request path and indexed in the store.
 */
export class FeedbackLog extends SegmentLog<LabelRecord> {
  /** Opens the log, first indexing whole segments a stopped writer left unindexed and removing its temporary files. */
  static async open(options: SegmentLogOptions): Promise<FeedbackLog> {
    const segmentRows = options.segmentRows ?? 100_000;
    return new FeedbackLog("labels", options, (store, folder) => (labels, written) => writeLabelSegments(store, folder, labels, segmentRows, written)).recover();
  }
}
