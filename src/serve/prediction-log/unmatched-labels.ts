/**
 * Labels posted for request ids the log holds no prediction of (a typo, a request the log
 * sampled out, a client's own id): kept, never joined, and counted here so a monitor can
 * report them.
 */
import { resolve } from "node:path";
import { withConnection } from "../../ml/io/duckdb.ts";
import type { LogSegmentStore } from "../../store/log-segment-types.ts";
import { logFolder } from "./log-folder.ts";
import { parquetFiles, segmentFiles } from "./read-predictions.ts";

export interface UnmatchedLabels {
  /** Labels received in the span whose request id and row match no logged prediction. */
  count: number;
  /** A few of their request ids, for the report. */
  examples: string[];
}

/** The labels received in [from, to) that match no prediction of the whole log. */
export async function unmatchedLabels(store: LogSegmentStore, query: { root?: string; from: Date; to: Date }): Promise<UnmatchedLabels> {
  const folder = logFolder(resolve(query.root ?? process.cwd()));
  const labels = await segmentFiles(folder, await store.listLogSegments({ kind: "labels", from: query.from, to: query.to }));
  if (labels.length === 0) return { count: 0, examples: [] };
  const predictions = await segmentFiles(folder, await store.listLogSegments({ kind: "predictions" }));
  const unmatched = `SELECT DISTINCT l.request_id, l.row FROM ${parquetFiles(labels)} l
    WHERE l.time >= epoch_ms(${query.from.getTime()}) AND l.time < epoch_ms(${query.to.getTime()})
    ${predictions.length > 0 ? `AND NOT EXISTS (SELECT 1 FROM ${parquetFiles(predictions)} p WHERE p.request_id = l.request_id AND p.row = l.row)` : ""}`;
  return withConnection(async (connection) => {
    const reader = await connection.runAndReadAll(`SELECT count(*) AS n, list(request_id ORDER BY request_id)[1:5] AS examples FROM (${unmatched})`);
    const [row] = reader.getRowObjectsJS() as { n: bigint | number; examples: unknown }[];
    const examples = Array.isArray(row?.examples) ? row.examples.map(String) : [];
    return { count: Number(row?.n ?? 0), examples };
  });
}
