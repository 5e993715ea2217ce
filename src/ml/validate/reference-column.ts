import { ConveyorError } from "../../errors.ts";
import type { Column, Table } from "../table.ts";

/**
 * The reference's column for a drift check. A reference without it is a mistake in the
 * suite or in the choice of reference, not in the data being checked, so it stops validation.
 */
export function referenceColumn(reference: Table, column: string): Column {
  const found = reference.columns.find((c) => c.name === column);
  if (found) return found;
  throw new ConveyorError(
    `the reference dataset has no column "${column}" to compare with`,
    `its columns are ${reference.columns.map((c) => `"${c.name}"`).join(", ")}; fix the suite or the reference`,
    "unknown_column",
  );
}
