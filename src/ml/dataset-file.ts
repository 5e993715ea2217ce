import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { ConveyorError } from "../errors.ts";
import type { InputArtifact, OutputArtifact } from "../sdk/handles.ts";
import type { Json } from "../json.ts";
import type { CsvOptions } from "./io/csv.ts";
import type { Table } from "./table.ts";
import { tableDigest } from "./table-digest.ts";
import { describeTable } from "./table-schema.ts";

/** The media type of every Dataset the built-in components write. */
export const PARQUET = "application/vnd.apache.parquet";

// DuckDB takes a few hundred milliseconds to load. The package entry re-exports the
// built-in components, so the IO modules are imported only when a task reads or writes a
// table; otherwise every pipeline, and the CLI, would pay for it.
const parquetIo = () => import("./io/parquet.ts");
const csvIo = () => import("./io/csv.ts");

/** Reads a CSV file (see readCsv for what counts as a number column and a missing value). */
export async function readCsvFile(path: string, options?: CsvOptions): Promise<Table> {
  return (await csvIo()).readCsv(path, options);
}

/** Reads a Dataset written by a built-in component (Parquet) or by a user's component (CSV). */
export function readDataset(input: InputArtifact): Promise<Table> {
  return readDatasetFile(input.path, input.mediaType);
}

/** Reads a Dataset's file by its media type (a task's input, or a stored artifact the server profiles). */
export async function readDatasetFile(path: string, mediaType: string): Promise<Table> {
  if (mediaType === PARQUET) return (await parquetIo()).readParquet(path);
  if (mediaType === "text/csv") return readCsvFile(path);
  throw new ConveyorError(
    `cannot read a Dataset of media type "${mediaType}"`,
    `the built-in components read Parquet (${PARQUET}) and CSV (text/csv) datasets`,
    "invalid_data",
  );
}

/**
 * Writes the table as Parquet at the output's path, and records as the artifact's metadata
 * its schema, row count and content digest (see tableDigest), and where the rows came from
 * when they were ingested, so a dataset can be inspected and pinned without reading it.
 */
export async function writeDataset(
  output: OutputArtifact,
  table: Table,
  source?: Readonly<Record<string, Json>>,
  contentDigest = tableDigest(table),
): Promise<void> {
  await mkdir(dirname(output.path), { recursive: true });
  await (await parquetIo()).writeParquet(table, output.path);
  const { columns, rowCount } = describeTable(table);
  output.mediaType = PARQUET;
  output.metadata = {
    format: "parquet",
    rows: rowCount,
    columns: columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
    contentDigest,
    ...(source ? { source } : {}),
  };
}
