import { ConveyorError } from "../../errors.ts";
import { component, Dataset, param } from "../../sdk/index.ts";
import { expectDigestInput, saveIngested } from "../ingest.ts";

/**
 * Runs a SQL query on PostgreSQL and saves the rows as a Dataset. Never served from the
 * cache: the same query may return new rows. When they are the same rows, the Dataset is the
 * same file, so the tasks that read it are cache hits.
 */
export const ingestPostgres = component({
  name: "ingest-postgres",
  version: "1",
  description: "Read the rows of a SQL query on PostgreSQL into a dataset",
  cache: false,
  inputs: {
    url: param.string({
      min: 1,
      description: "postgres://user@host:port/db, or env:NAME to read it from an environment variable (keeps passwords out of run records)",
    }),
    query: param.string({ min: 1, description: "a SELECT query" }),
    expectDigest: expectDigestInput,
  },
  outputs: { data: Dataset, rows: param.int(), contentDigest: param.string() },
  run: async ({ url, query, expectDigest, data }, ctx) => {
    const [{ readPostgresQuery }, { redact }] = await Promise.all([import("../io/postgres.ts"), import("../../store/postgres/url.ts")]);
    const connection = url.startsWith("env:") ? fromEnvironment(url.slice(4)) : url;
    const table = await readPostgresQuery(connection, query);
    return saveIngested(table, data, { kind: "postgres", location: redact(connection), query }, expectDigest, ctx);
  },
});

function fromEnvironment(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new ConveyorError(`environment variable ${name} is not set`, `set ${name} to a postgres:// URL`, "invalid_param");
  }
  return value;
}
