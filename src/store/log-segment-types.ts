/**
 * The index of the prediction log's segments (src/serve/prediction-log/): one row per Parquet
 * file of predictions or of labels, so that a reader opens only the files of the deployment,
 * model and time window it asks for, never a folder listing.
 */

/** "predictions": rows the server answered; "labels": ground truth posted later by request id. */
export type LogSegmentKind = "predictions" | "labels";

export interface NewLogSegment {
  kind: LogSegmentKind;
  /** Relative to the log's folder, "/"-separated, so a project folder can move. */
  path: string;
  /** The one deployment, model and version of a predictions segment's rows; null for labels. */
  deployment: string | null;
  model: string | null;
  version: number | null;
  /** Times of the first and last row (inclusive). */
  minTime: Date;
  maxTime: Date;
  rowCount: number;
  /** The file's size in bytes and "sha256:<hex>" of its bytes. */
  size: number;
  digest: string;
}

export interface LogSegmentRecord extends NewLogSegment {
  id: number;
  /**
   * For a segment made by compacting others: their paths, until their files are removed
   * (then null). Their rows are in this segment; a file listed here is never indexed again.
   */
  sources: string[] | null;
  createdAt: Date;
}

/** Which segments to list: those of `kind` matching every field given, overlapping [from, to). */
export interface LogSegmentFilter {
  kind: LogSegmentKind;
  deployment?: string;
  model?: string;
  version?: number;
  from?: Date;
  to?: Date;
}

export interface LogSegmentStore {
  /**
   * Indexes a segment; false when its path is indexed already (a writer and a recovering
   * process may both index a file they found: the first one wins, the second changes nothing).
   */
  addLogSegment(segment: NewLogSegment): Promise<boolean>;
  /** Matching segments by their first row's time, then id. */
  listLogSegments(filter: LogSegmentFilter): Promise<LogSegmentRecord[]>;
  /**
   * In one transaction, removes the segments `replaced` from the index and indexes `segment`,
   * which holds their rows, with their paths as its `sources`; false, changing nothing, when
   * one of them is no longer indexed (another process compacted it first).
   */
  replaceLogSegments(replaced: readonly LogSegmentRecord[], segment: NewLogSegment): Promise<boolean>;
  /** Forgets a compacted segment's sources once their files are removed. */
  clearLogSegmentSources(id: number): Promise<void>;
  /** Removes segments from the index (retention); how many it removed (one already removed is not counted). */
  removeLogSegments(ids: readonly number[]): Promise<number>;
}
