import { component, Dataset, param } from "../../sdk/index.ts";
import { expectDigestInput, saveIngested } from "../ingest.ts";

/**
 * Reads JSON records into a Dataset: a file holding an array of objects, or newline-delimited
 * JSON (one object per line), each key a column.
 */
export const ingestJson = component({
  name: "ingest-json",
  version: "1",
  description: "Read a JSON array of objects, or NDJSON, into a dataset",
  inputs: {
    path: param.file({ description: "the .json or .ndjson file; a relative path is taken from the project root" }),
    expectDigest: expectDigestInput,
  },
  outputs: { data: Dataset, rows: param.int(), contentDigest: param.string() },
  run: async ({ path, expectDigest, data }, ctx) => {
    const { readJsonRecords } = await import("../io/json.ts");
    return saveIngested(await readJsonRecords(path), data, { kind: "json", location: path }, expectDigest, ctx);
  },
});
