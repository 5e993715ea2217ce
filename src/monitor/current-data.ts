/**
 * A window of the prediction log as the reference's columns: `feature.<name>` under the input's
 * name, `prediction` under the target's, so drift, quality and histograms compare like with
 * like. The labelled rows of the same window, for performance.
 */
import type { ColumnReference } from "../ml/drift/index.ts";
import type { LabelledWindow } from "../ml/monitoring/live-performance.ts";
import type { Column, Table } from "../ml/table.ts";
import type { ModelColumns } from "./reference-data.ts";

/** The log's column holding a reference column. */
export function logColumnName(name: string, columns: ModelColumns): string {
  return name === columns.target?.name ? "prediction" : `feature.${name}`;
}

export function windowTable(rows: Table, names: readonly string[], columns: ModelColumns): Table {
  const found = names.flatMap((name): Column[] => {
    const column = rows.columns.find((c) => c.name === logColumnName(name, columns));
    return column ? [{ ...column, name }] : [];
  });
  return { columns: found, rowCount: rows.rowCount };
}

/** The columns drift can compare in this window: present, and of the reference's type. */
export function comparable(names: readonly string[], window: Table, references: readonly ColumnReference[]): string[] {
  return names.filter((name) => {
    const column = window.columns.find((c) => c.name === name);
    const reference = references.find((c) => c.name === name);
    return column && reference && column.type === reference.type;
  });
}

/** The labelled rows among the window's (matched by request id and row), as performance reads them. */
export function labelledWindow(labelled: Table, window: Table, columns: ModelColumns): LabelledWindow {
  const key = (table: Table, i: number) => `${table.columns.find((c) => c.name === "request_id")!.values[i]}\u0000${table.columns.find((c) => c.name === "row")!.values[i]}`;
  const inWindow = new Set(Array.from({ length: window.rowCount }, (_, i) => key(window, i)));
  const role = labelled.columns.find((c) => c.name === "role")?.values ?? [];
  const rows = Array.from({ length: labelled.rowCount }, (_, i) => i).filter((i) => role[i] === "primary" && inWindow.has(key(labelled, i)));
  const column = (name: string): Column => {
    const found = labelled.columns.find((c) => c.name === name);
    if (!found) return { name, type: "number", values: new Float64Array(rows.length).fill(Number.NaN) };
    return found.type === "number" ? { name, type: "number", values: Float64Array.from(rows, (i) => found.values[i]!) } : { name, type: "string", values: rows.map((i) => found.values[i]!) };
  };
  const probabilities = columns.classes.map((_, c) => labelled.columns.find((col) => col.name === `probability.${c}`));
  return {
    task: columns.task,
    classes: columns.classes,
    labels: column("label"),
    predictions: column("prediction"),
    ...(probabilities.every((p) => p?.type === "number") && columns.classes.length > 0 && { probabilities: probabilities.map((p) => Float64Array.from(rows, (i) => p!.values[i] as number)) }),
  };
}
