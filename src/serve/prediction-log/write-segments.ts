import type { LogSegmentKind, LogSegmentStore, NewLogSegment } from "../../store/log-segment-types.ts";
import type { PredictionRecord } from "../prediction-record.ts";
import { segmentPath } from "./log-folder.ts";
import { predictionColumns } from "./prediction-columns.ts";
import type { SegmentColumn } from "./segment-file.ts";

type Source = Pick<NewLogSegment, "deployment" | "model" | "version">;

/** Writes one segment file and then indexes it: a file is in the index only once it is whole. */
export async function writeSegment(
  store: LogSegmentStore,
  folder: string,
  kind: LogSegmentKind,
  source: Source,
  times: readonly Date[],
  columns: readonly SegmentColumn[],
): Promise<void> {
  let minTime = times[0] as Date;
  let maxTime = minTime;
  for (const time of times) {
    if (time < minTime) minTime = time;
    if (time > maxTime) maxTime = time;
  }
  const path = segmentPath(kind, minTime);
  // Loaded with the first segment written: every process that imports the package loads this module.
  const { writeSegmentFile } = await import("./segment-file.ts");
  const file = await writeSegmentFile(folder, path, columns, "time");
  await store.addLogSegment({ kind, path, ...source, minTime, maxTime, rowCount: times.length, ...file });
}

/**
 * Writes predictions as one segment per deployment, model and version among them: the index
 * then says exactly which files hold a deployment's or a model's rows.
 */
export async function writePredictionSegments(
  store: LogSegmentStore,
  folder: string,
  records: readonly PredictionRecord[],
  written: (segmentRows: number) => void,
): Promise<void> {
  const groups = new Map<string, PredictionRecord[]>();
  for (const record of records) {
    const key = JSON.stringify([record.deployment, record.model, record.version]);
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  for (const group of groups.values()) {
    const { deployment, model, version } = group[0] as PredictionRecord;
    await writeSegment(store, folder, "predictions", { deployment, model, version }, group.map((r) => r.time), predictionColumns(group));
    written(group.length);
  }
}
