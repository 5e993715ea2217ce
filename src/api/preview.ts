/** Rows of a Dataset from an offset (a page), read with DuckDB so a large file is never read whole. */
import type { ArtifactStore } from "../artifacts/types.ts";
import { ConveyorError } from "../errors.ts";
import { PARQUET } from "../ml/dataset-file.ts";
import type { Json } from "../json.ts";
import type { ArtifactRecord } from "../store/types.ts";

export interface DatasetPreview {
  format: "parquet" | "csv";
  columns: { name: string; type: string }[];
  offset: number;
  rows: Json[][];
  truncated: boolean;
}

/** DuckDB gives 64-bit and wider integers as strings to keep their precision; most fit a JSON number. */
const WIDE_INTEGER = /^U?(BIGINT|HUGEINT)$/;

function jsonValue(value: Json, type: string): Json {
  return typeof value === "string" && WIDE_INTEGER.test(type) && Number.isSafeInteger(Number(value)) ? Number(value) : value;
}

const FORMATS: Record<string, DatasetPreview["format"]> = { [PARQUET]: "parquet", "text/csv": "csv" };

export async function previewDataset(artifacts: ArtifactStore, artifact: ArtifactRecord, rows: number, offset = 0): Promise<DatasetPreview> {
  const format = FORMATS[artifact.mediaType];
  if (!format) {
    throw new ConveyorError(
      `artifact ${artifact.id} (${artifact.type}, ${artifact.mediaType}) has no preview`,
      `only Parquet (${PARQUET}) and CSV (text/csv) datasets have one; download it from /content instead`,
      "no_preview",
    );
  }
  // Checks the digest first: a preview of damaged content would show the wrong rows as right.
  const path = await artifacts.open(artifact.uri, artifact.digest);
  // DuckDB takes a few hundred milliseconds to load; a server that never previews need not pay for it.
  const [{ withConnection }, { sqlString }] = await Promise.all([import("../ml/io/duckdb.ts"), import("../ml/io/sql.ts")]);
  const source = format === "parquet" ? `read_parquet(${sqlString(path)})` : `read_csv(${sqlString(path)}, header = true)`;
  try {
    return await withConnection(async (connection) => {
      // One row more than asked tells whether there are more.
      const reader = await connection.runAndReadAll(`SELECT * FROM ${source} LIMIT ${rows + 1} OFFSET ${offset}`);
      const types = reader.columnTypes().map(String);
      const all = reader.getRowsJson() as Json[][];
      return {
        format,
        columns: reader.columnNames().map((name, i) => ({ name, type: types[i] as string })),
        offset,
        rows: all.slice(0, rows).map((row) => row.map((value, i) => jsonValue(value, types[i] as string))),
        truncated: all.length > rows,
      };
    });
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    throw new ConveyorError(`artifact ${artifact.id} is not a readable ${format} file: ${reason}`, undefined, "unreadable_dataset");
  }
}
