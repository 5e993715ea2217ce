import { component, Dataset, Metrics, param } from "../../sdk/index.ts";
import { readDataset } from "../dataset-file.ts";

/**
 * Describes a dataset column by column (type, missing and distinct counts, min / max / mean
 * / std, quantiles, top values, histogram): the JSON that validation and monitoring compare.
 */
export const profileData = component({
  name: "profile-data",
  version: "1",
  isolation: "thread",
  description: "Profile each column of a dataset into a JSON metrics artifact",
  inputs: { data: Dataset },
  outputs: { profile: Metrics, rows: param.int(), columns: param.int() },
  run: async ({ data, profile }, ctx) => {
    const { profileTable } = await import("../profile/profile-table.ts");
    const table = await readDataset(data);
    const result = profileTable(table);
    await profile.writeJson(result);
    const missing = result.columns.filter((c) => c.missing > 0).map((c) => `${c.name} (${c.missing})`);
    ctx.log.info(`profiled ${table.rowCount} rows and ${table.columns.length} columns`, {
      columnsWithMissingValues: missing,
    });
    return { rows: table.rowCount, columns: table.columns.length };
  },
});
