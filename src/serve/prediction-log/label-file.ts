/** Labels from a CSV file (`conveyor feedback --input labels.csv`), recorded as label segments. */
import { resolve } from "node:path";
import { ConveyorError } from "../../errors.ts";
import { readCsvHeader } from "../../ml/io/csv-header.ts";
import { CsvReadError } from "../../ml/io/csv-read-error.ts";
import { readCsv } from "../../ml/io/csv.ts";
import { getColumn, isMissing } from "../../ml/table.ts";
import type { LogSegmentStore } from "../../store/log-segment-types.ts";
import { type LabelRecord, writeLabelSegments } from "./label-record.ts";
import { logFolder } from "./log-folder.ts";

export interface LabelFileOptions {
  /** The project folder whose log takes the labels (default: the working folder). */
  root?: string;
  /** The column of request ids (default "id"). */
  idColumn?: string;
  /** The column of true values (default "label"). */
  labelColumn?: string;
  /** The column of row indexes within a request; without one every label is for row 0. */
  rowColumn?: string;
}

export interface RecordedLabels {
  labels: number;
  segments: number;
}

const SEGMENT_ROWS = 100_000;

/** Reads every label of the file, refusing the whole file at its first bad row, then writes them. */
export async function recordLabelFile(store: LogSegmentStore, path: string, options: LabelFileOptions = {}): Promise<RecordedLabels> {
  const columns = { id: options.idColumn ?? "id", label: options.labelColumn ?? "label", row: options.rowColumn };
  const names = await readCsvHeader(path, { delimiter: ",", header: true });
  for (const [flag, name] of [["--id-column", columns.id], ["--label-column", columns.label], ["--row-column", columns.row]] as const) {
    if (name !== undefined && !names.includes(name)) {
      throw new ConveyorError(
        `${path} has no column "${name}" (${flag})`,
        `its columns are ${names.map((n) => `"${n}"`).join(", ")}; name the right one with ${flag}`,
        "unknown_column",
      );
    }
  }
  const table = await readCsv(path, { schema: { [columns.id]: "string", ...(columns.row ? { [columns.row]: "number" } : {}) } });
  const ids = getColumn(table, columns.id);
  const labels = getColumn(table, columns.label);
  const rows = columns.row === undefined ? undefined : getColumn(table, columns.row);
  const time = new Date();
  const records: LabelRecord[] = [];
  for (let i = 0; i < table.rowCount; i++) {
    const bad = (column: string, problem: string, hint: string) => new CsvReadError({ file: path, line: i + 2, column }, problem, hint);
    const requestId = ids.values[i];
    if (typeof requestId !== "string" || requestId === "") throw bad(columns.id, "the request id is empty", "give every label the id of the request it labels, or remove the row");
    if (isMissing(labels, i)) throw bad(columns.label, "the label is empty", "give every row its true value, or remove the row");
    const row = rows === undefined ? 0 : (rows.values[i] as number);
    if (!Number.isInteger(row) || row < 0) {
      throw bad(columns.row as string, `the row is ${Number.isNaN(row) ? "empty" : row}`, "give the row's index within its request: a whole number ≥ 0");
    }
    records.push({ requestId, row, label: labels.values[i] as string | number, time });
  }
  let segments = 0;
  await writeLabelSegments(store, logFolder(resolve(options.root ?? process.cwd())), records, SEGMENT_ROWS, () => {
    segments++;
  });
  return { labels: records.length, segments };
}
