/** Shared text formatting for the CLI: statuses, durations, times, tables. */
import pc from "picocolors";
import type { RunStatus, TaskRecord, TaskStatus } from "../store/types.ts";

const STYLE: Record<TaskStatus | RunStatus, [string, (s: string) => string]> = {
  pending: ["·", pc.dim],
  running: ["▶", pc.cyan],
  succeeded: ["✔", pc.green],
  cached: ["↺", pc.blue],
  failed: ["✖", pc.red],
  skipped: ["–", pc.dim],
  cancelled: ["■", pc.yellow],
};

export function statusText(status: TaskStatus | RunStatus): string {
  const [symbol, color] = STYLE[status];
  return color(`${symbol} ${status}`);
}

export function durationText(ms: number | undefined): string {
  if (ms === undefined) return "";
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, "0")}s`;
}

export function elapsed(start: Date | null, end: Date | null): number | undefined {
  if (!start) return undefined;
  return (end ?? new Date()).getTime() - start.getTime();
}

export function taskDuration(task: TaskRecord): string {
  return durationText(elapsed(task.startedAt, task.endedAt));
}

export function timeText(date: Date | null): string {
  return date ? date.toISOString().replace("T", " ").slice(0, 19) : "";
}

/** Left-aligned columns; widths ignore ANSI colour codes. */
export function table(rows: string[][]): string {
  const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "").length;
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, visible(cell));
    });
  }
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + " ".repeat((widths[i] ?? 0) - visible(cell)))).join("  "))
    .join("\n");
}

export function bytesText(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** "sha256:" and the first 12 hex digits: enough to tell artifacts apart and to paste back. */
export function shortDigest(digest: string): string {
  return digest.slice(0, "sha256:".length + 12);
}

/** The first line of a possibly multi-line message (a validation report, a stack). */
export function firstLine(text: string | null | undefined): string {
  const [first = "", ...rest] = (text ?? "").split("\n");
  return rest.some((l) => l.trim()) ? `${first} …` : first;
}

/** A metric, parameter or tag value in a table cell: numbers to 4 decimals at most, strings bare, the rest as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)));
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
