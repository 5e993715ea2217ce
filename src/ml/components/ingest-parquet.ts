import { component, Dataset, param } from "../../sdk/index.ts";
import { expectDigestInput, saveIngested } from "../ingest.ts";

/** Reads a Parquet file into a Dataset: numeric columns as numbers, every other column as text. */
export const ingestParquet = component({
  name: "ingest-parquet",
  version: "1",
  description: "Read a Parquet file into a dataset, recording its schema, source and content digest",
  inputs: {
    path: param.file({ description: "the Parquet file; a relative path is taken from the project root" }),
    expectDigest: expectDigestInput,
  },
  outputs: { data: Dataset, rows: param.int(), contentDigest: param.string() },
  run: async ({ path, expectDigest, data }, ctx) => {
    const { readParquet } = await import("../io/parquet.ts");
    return saveIngested(await readParquet(path), data, { kind: "parquet", location: path }, expectDigest, ctx);
  },
});
