import { component, Dataset, param } from "../../sdk/index.ts";
import { expectDigestInput, saveIngested } from "../ingest.ts";

/**
 * Runs a SQL query on a SQLite database file and saves the rows as a Dataset. The file is a
 * file parameter, so an unchanged database with the same query is a cache hit.
 */
export const ingestSqlite = component({
  name: "ingest-sqlite",
  version: "1",
  description: "Read the rows of a SQL query on a SQLite file into a dataset",
  inputs: {
    path: param.file({ description: "the SQLite database; a relative path is taken from the project root" }),
    query: param.string({ min: 1, description: "a SELECT query" }),
    expectDigest: expectDigestInput,
  },
  outputs: { data: Dataset, rows: param.int(), contentDigest: param.string() },
  run: async ({ path, query, expectDigest, data }, ctx) => {
    const { readSqliteQuery } = await import("../io/sqlite.ts");
    return saveIngested(await readSqliteQuery(path, query), data, { kind: "sqlite", location: path, query }, expectDigest, ctx);
  },
});
