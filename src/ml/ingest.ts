import { ConveyorError } from "../errors.ts";
import { param } from "../sdk/params.ts";
import type { OutputArtifact, TaskContext } from "../sdk/handles.ts";
import type { Json } from "../json.ts";
import { writeDataset } from "./dataset-file.ts";
import type { Table } from "./table.ts";
import { tableDigest } from "./table-digest.ts";

/** The input every ingest component has: pins the data to a content digest. */
export const expectDigestInput = param.string({
  default: "",
  pattern: "^(sha256:[0-9a-f]{64})?$",
  description: "fail unless the data's content digest is this one (as a previous run's contentDigest output); empty: any data",
});

/**
 * The end of every ingest: checks the pin, then writes the rows as a Parquet Dataset whose
 * metadata records the schema, row count, source and content digest. A pinned digest that
 * differs fails the task before anything is written.
 */
export async function saveIngested(
  table: Table,
  output: OutputArtifact,
  source: Readonly<Record<string, Json>>,
  expectDigest: string,
  ctx: TaskContext,
): Promise<{ rows: number; contentDigest: string }> {
  const what = `the data from ${JSON.stringify(source.location ?? source.kind)}`;
  if (table.columns.length === 0) {
    throw new ConveyorError(`${what} has no columns`, "ingest a source with at least one column", "invalid_data");
  }
  const contentDigest = tableDigest(table);
  if (expectDigest !== "" && expectDigest !== contentDigest) {
    throw new ConveyorError(
      `${what} has content digest ${contentDigest}, but expectDigest pins ${expectDigest}`,
      "the data changed since it was pinned: restore it, or, if the change is intended, pin the new digest",
      "digest_mismatch",
    );
  }
  await writeDataset(output, table, source, contentDigest);
  ctx.log.info(`read ${table.rowCount} rows and ${table.columns.length} columns from ${source.location ?? source.kind}`, {
    contentDigest,
  });
  return { rows: table.rowCount, contentDigest };
}
