/** Runs side by side as `runs compare` prints them. */
import pc from "picocolors";
import type { RunComparison } from "../inspect/run-compare.ts";
import type { Json } from "../json.ts";
import { table, valueText } from "./format.ts";

/** A "≠" in the first column and the values in yellow mark the rows that differ. */
export function renderComparison(c: RunComparison): string {
  const different = new Set(c.different);
  const section = (prefix: string, rows: Record<string, (Json | null)[]>) =>
    Object.entries(rows).map(([name, values]) => {
      const field = `${prefix}.${name}`;
      const marked = different.has(field);
      const cells = values.map((v) => (v === null ? pc.dim("—") : marked ? pc.yellow(valueText(v)) : valueText(v)));
      return [marked ? pc.yellow("≠") : " ", marked ? pc.bold(field) : field, ...cells];
    });
  const rows = [...section("params", c.params), ...section("metrics", c.metrics)];
  const header = [" ", pc.dim("run"), ...c.runs.map((r) => pc.bold(r.id))];
  const subheader = [" ", pc.dim("experiment"), ...c.runs.map((r) => pc.dim(r.experiment))];
  const status = [" ", pc.dim("status"), ...c.runs.map((r) => pc.dim(r.status))];
  const summary = c.different.length === 0 ? "no differences in params or metrics" : `${c.different.length} of ${rows.length} rows differ (marked ≠)`;
  return `${table([header, subheader, status, ...rows])}\n\n${pc.dim(summary)}`;
}
