import type { LogSegmentKind, LogSegmentStore, NewLogSegment } from "../../store/log-segment-types.ts";
import type { PredictionColumns } from "./prediction-columns.ts";
import { segmentPath } from "./log-folder.ts";
import type { SegmentColumn } from "./segment-file.ts";
import { writeSegmentFileOffThread } from "./segment-writer.ts";

type Source = Pick<NewLogSegment, "deployment" | "model" | "version">;

/** The rows' earliest and latest times, and their count, as the index records them. */
export interface TimeSpan {
  readonly minTime: Date;
  readonly maxTime: Date;
  readonly rowCount: number;
}

export function timeSpan(times: readonly Date[]): TimeSpan {
  let minTime = times[0] as Date;
  let maxTime = minTime;
  for (const time of times) {
    if (time < minTime) minTime = time;
    if (time > maxTime) maxTime = time;
  }
  return { minTime, maxTime, rowCount: times.length };
}

/**
 * Writes one segment file (on the writer thread), its rows sorted by time unless `inTimeOrder`
 * says they are already, and then indexes it: a file is in the index only once it is whole.
 */
export async function writeSegment(
  store: LogSegmentStore,
  folder: string,
  kind: LogSegmentKind,
  source: Source,
  span: TimeSpan,
  columns: readonly SegmentColumn[],
  inTimeOrder = false,
): Promise<void> {
  const path = segmentPath(kind, span.minTime);
  const file = await writeSegmentFileOffThread(folder, path, columns, inTimeOrder ? undefined : "time");
  await store.addLogSegment({ kind, path, ...source, ...span, ...file });
}

/**
 * Writes predictions as one segment per deployment, model and version among them: the index
 * then says exactly which files hold a deployment's or a model's rows.
 */
export async function writePredictionSegments(
  store: LogSegmentStore,
  folder: string,
  predictions: PredictionColumns,
  written: (segmentRows: number) => void,
): Promise<void> {
  for (const group of predictions.groups) {
    const { deployment, model, version } = group;
    await writeSegment(store, folder, "predictions", { deployment, model, version }, group.span, group.segmentColumns(), group.inTimeOrder);
    written(group.rows);
  }
}
