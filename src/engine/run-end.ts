/** How a run ended, from its tasks: whoever ends it (the driver, or the last step of a run an outside workflow engine ran) says the same. */
import type { RunStatus, TaskRecord } from "../store/types.ts";

export function runEnd(rows: TaskRecord[], cancelled: boolean): { status: RunStatus; error: string | null } {
  const failedRows = rows.filter((r) => r.status === "failed");
  const status = cancelled ? "cancelled" : failedRows.length > 0 ? "failed" : "succeeded";
  const first = failedRows[0];
  const error = first
    ? `task "${first.name}" failed: ${first.error}${failedRows.length > 1 ? ` (and ${failedRows.length - 1} more)` : ""}`
    : cancelled
      ? "cancelled"
      : null;
  return { status, error };
}
