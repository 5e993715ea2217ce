import { component, Dataset, param } from "../../sdk/index.ts";
import { readCsvFile, writeDataset } from "../dataset-file.ts";

/**
 * Reads a CSV file into a Parquet Dataset whose metadata records its schema and row count.
 * `path` is a file parameter: the file's content is part of the cache key, so an edited
 * file is read again.
 */
export const ingestCsv = component({
  name: "ingest-csv",
  version: "1",
  description: "Read a CSV file (header row, numbers inferred) into a Parquet dataset",
  inputs: {
    path: param.file({ description: "the CSV file; a relative path is taken from the project root" }),
  },
  outputs: { data: Dataset, rows: param.int() },
  run: async ({ path, data }, ctx) => {
    const table = await readCsvFile(path);
    await writeDataset(data, table);
    ctx.log.info(`read ${table.rowCount} rows and ${table.columns.length} columns from ${path}`);
    return { rows: table.rowCount };
  },
});
