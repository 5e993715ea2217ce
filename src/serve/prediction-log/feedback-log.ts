import { type LabelRecord, writeLabelSegments } from "./label-record.ts";
import { rowList } from "./segment-buffer.ts";
import { SegmentLog, type SegmentLogOptions } from "./segment-log.ts";

/**
 * Where the server keeps the labels posted to `POST /v2/feedback`: buffered like the
 * predictions, written as Parquet segments off the request path and indexed in the store.
 */
export type FeedbackLog = SegmentLog<LabelRecord>;

export function openFeedbackLog(options: SegmentLogOptions): Promise<FeedbackLog> {
  const segmentRows = options.segmentRows ?? 100_000;
  return SegmentLog.open(
    "labels",
    options,
    (store, folder) => (labels, written) => writeLabelSegments(store, folder, labels.items, segmentRows, written),
    rowList<LabelRecord>(),
  );
}
