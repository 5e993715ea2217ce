import type { Table } from "../table.ts";
import { type Bounds, describeBounds, withinBounds } from "./bounds.ts";
import type { ExpectationResult } from "./expectation.ts";

export function checkRowCount(table: Table, bounds: Bounds): ExpectationResult {
  return {
    expectation: "rowCount",
    expected: `${describeBounds(bounds)} rows`,
    observed: { rowCount: table.rowCount },
    passed: withinBounds(table.rowCount, bounds),
  };
}
