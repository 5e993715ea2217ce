import { component, Dataset, param } from "../../sdk/index.ts";
import { readCsvFile } from "../dataset-file.ts";
import { expectDigestInput, saveIngested } from "../ingest.ts";
import type { ColumnType } from "../table.ts";

/**
 * Reads a CSV file into a Parquet Dataset whose metadata records its schema, row count,
 * source and content digest. `path` is a file parameter: the file's content is part of the
 * cache key, so an edited file is read again.
 */
export const ingestCsv = component({
  name: "ingest-csv",
  version: "2",
  description: "Read a CSV file (header row, numbers inferred) into a Parquet dataset",
  inputs: {
    path: param.file({ description: "the CSV file; a relative path is taken from the project root" }),
    delimiter: param.string({ default: ",", min: 1, description: "the character between fields, e.g. ; or a tab" }),
    header: param.boolean({ default: true, description: "whether the first row names the columns (else column_1, column_2, ...)" }),
    schema: param.json<Record<string, ColumnType>>({
      default: {},
      description: 'column types that replace inference, e.g. { "zip": "string", "age": "number" }',
    }),
    expectDigest: expectDigestInput,
  },
  outputs: { data: Dataset, rows: param.int(), contentDigest: param.string() },
  run: async ({ path, delimiter, header, schema, expectDigest, data }, ctx) => {
    const table = await readCsvFile(path, { delimiter, header, schema });
    const source = { kind: "csv", location: path, delimiter, header };
    return saveIngested(table, data, source, expectDigest, ctx);
  },
});
