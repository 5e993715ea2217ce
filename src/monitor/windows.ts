/**
 * A monitor's windows over the prediction log, each read once. A row window is the next `rows`
 * primary answers after the cursor (the time of the last row taken, and how many rows at that
 * very time were taken, so rows sharing a millisecond are neither lost nor taken twice); a
 * time window is the span [start, start + every), read once the span (and the log's flush
 * interval, and the labels' delay) has passed. Shadow answers are a candidate's, never the
 * deployment's: they are left out.
 */
import type { Json } from "../json.ts";
import type { Column, Table } from "../ml/table.ts";
import { readPredictions } from "../serve/prediction-log/read-predictions.ts";
import type { MetadataStore } from "../store/types.ts";
import type { ResolvedTarget } from "./target.ts";

export type WindowCursor = ({ kind: "rows"; time: number; skip: number } | { kind: "time"; start: number }) & {
  /** Labels received before this time were counted by an earlier window (see unmatched-labels.ts). */
  labelsUntil?: number;
};

export interface LogWindow {
  /** The window's primary rows, as readPredictions gives them. */
  rows: Table;
  from: Date;
  to: Date;
  /** Where the next window starts. */
  next: WindowCursor;
}

export interface WindowSource {
  store: MetadataStore;
  root: string;
  target: ResolvedTarget;
  /** Rows per window, or the window's span in milliseconds. */
  size: { rows: number } | { spanMs: number };
  /** Wait this long after a window's last row (its end, for time windows) before reading it. */
  waitMs: number;
  now: number;
}

/** The next complete window after `cursor`, or undefined when the log does not hold one yet. */
export async function nextWindow(source: WindowSource, cursor: WindowCursor | null): Promise<LogWindow | undefined> {
  return "rows" in source.size ? nextRowWindow(source, source.size.rows, cursor) : nextTimeWindow(source, source.size.spanMs, cursor);
}

export function cursorOf(json: Json | null): WindowCursor | null {
  return json === null ? null : (json as WindowCursor);
}

async function nextRowWindow(source: WindowSource, size: number, cursor: WindowCursor | null): Promise<LogWindow | undefined> {
  // A monitor switched from time windows goes on from where its last span ended.
  const at = cursor?.kind === "time" ? { time: cursor.start, skip: 0 } : cursor;
  const skip = at?.skip ?? 0;
  for (let limit = 2 * size + skip; ; limit *= 2) {
    const read = await readPredictions(source.store, { root: source.root, ...source.target.query, ...(at && { from: new Date(at.time) }), limit });
    const time = numbers(read, "time");
    const role = read.columns.find((c) => c.name === "role")!.values as readonly (string | null)[];
    const taken: number[] = [];
    let last = skip - 1;
    for (let i = skip; i < read.rowCount && taken.length < size; i++) {
      if (role[i] === "primary") taken.push(i);
      last = i;
    }
    if (taken.length < size) {
      if (read.rowCount < limit) return undefined;
      continue;
    }
    const lastTime = time[last]!;
    if (lastTime + source.waitMs > source.now) return undefined;
    // Rows at the last row's time taken so far: those before it in this read, and the cursor's own.
    let sameTime = 0;
    for (let i = last; i >= 0 && time[i] === lastTime; i--) sameTime++;
    return { rows: pick(read, taken), from: new Date(time[taken[0]!]!), to: new Date(lastTime + 1), next: { kind: "rows", time: lastTime, skip: sameTime } };
  }
}

async function nextTimeWindow(source: WindowSource, spanMs: number, cursor: WindowCursor | null): Promise<LogWindow | undefined> {
  // A monitor switched from row windows goes on with the first span after its last row.
  let start = cursor?.kind === "time" ? cursor.start : cursor?.kind === "rows" ? (Math.floor(cursor.time / spanMs) + 1) * spanMs : undefined;
  if (start === undefined) {
    const first = await readPredictions(source.store, { root: source.root, ...source.target.query, limit: 1 });
    if (first.rowCount === 0) return undefined;
    start = Math.floor(numbers(first, "time")[0]! / spanMs) * spanMs;
  }
  const end = start + spanMs;
  if (end + source.waitMs > source.now) return undefined;
  const read = await readPredictions(source.store, { root: source.root, ...source.target.query, from: new Date(start), to: new Date(end) });
  const role = read.columns.find((c) => c.name === "role")!.values as readonly (string | null)[];
  const taken = Array.from({ length: read.rowCount }, (_, i) => i).filter((i) => role[i] === "primary");
  return { rows: pick(read, taken), from: new Date(start), to: new Date(end), next: { kind: "time", start: end } };
}

function numbers(table: Table, name: string): Float64Array {
  const column = table.columns.find((c) => c.name === name);
  return column?.type === "number" ? column.values : new Float64Array(0);
}

function pick(table: Table, rows: readonly number[]): Table {
  const columns: Column[] = table.columns.map((c) =>
    c.type === "number" ? { name: c.name, type: "number", values: Float64Array.from(rows, (i) => c.values[i]!) } : { name: c.name, type: "string", values: rows.map((i) => c.values[i]!) },
  );
  return { columns, rowCount: rows.length };
}
