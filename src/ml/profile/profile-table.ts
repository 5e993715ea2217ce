import type { Table } from "../table.ts";
import { type ColumnProfile, profileColumn } from "./profile-column.ts";

/**
 * A dataset described column by column (type, counts, summary statistics, top values,
 * histogram), as plain JSON for a Metrics-style artifact and for comparing runs.
 */
export interface DatasetProfile {
  readonly rowCount: number;
  readonly columns: readonly ColumnProfile[];
}

export function profileTable(table: Table): DatasetProfile {
  return { rowCount: table.rowCount, columns: table.columns.map(profileColumn) };
}
