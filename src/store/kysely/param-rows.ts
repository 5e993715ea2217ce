import type { Json } from "../../json.ts";
import type { RunParamRow } from "./tables.ts";

/**
 * Side-table rows for a run's top-level parameters: a string as itself, anything else as its
 * JSON text, so `params.label = "x"` and `params.trees = "100"` both compare with text; and
 * numbers also as numbers, so `params.trees >= 100` is a numeric comparison on an index.
 */
export function paramRows(runId: string, params: Record<string, Json>): RunParamRow[] {
  return Object.entries(params).map(([name, value]) => ({
    run_id: runId,
    name,
    value: typeof value === "string" ? value : JSON.stringify(value),
    num: typeof value === "number" ? value : null,
  }));
}
