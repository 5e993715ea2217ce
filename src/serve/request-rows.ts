/**
 * A request decoded against a version's signature: one value array per column, in the
 * signature's order (what a row scorer takes), before any Table is built. Every protocol decodes
 * to this, and every cell goes through `setCell`, so one rule decides what each column accepts:
 * a number column takes numbers, a text column takes strings, and null is a missing value (NaN
 * or null), which the model's preprocessing imputes or refuses by name.
 */
import { badRequest } from "./bad-request.ts";
import type { SignatureColumn } from "./served-version.ts";

export type ColumnValues = Float64Array | (string | null)[];

export interface RequestRows {
  readonly count: number;
  /** One per signature column, in its order; each holds `count` values. */
  readonly columns: readonly ColumnValues[];
}

/** Value arrays for `count` rows of these columns, to fill with setCell. */
export function emptyColumns(columns: readonly SignatureColumn[], count: number): ColumnValues[] {
  return columns.map((c) => (c.type === "number" ? new Float64Array(count) : new Array<string | null>(count).fill(null)));
}

/** Puts one request value in place; `where` names its place in the request (e.g. `row 2`) for the error. */
export function setCell(column: SignatureColumn, values: ColumnValues, row: number, value: unknown, where: () => string): void {
  if (column.type === "number") {
    if (typeof value === "number") (values as Float64Array)[row] = value;
    else if (value === null) (values as Float64Array)[row] = Number.NaN;
    else throw badRequest(`${where()}: column "${column.name}" takes numbers, got ${shown(value)}`);
  } else if (typeof value === "string" || value === null) {
    (values as (string | null)[])[row] = value;
  } else {
    throw badRequest(`${where()}: column "${column.name}" takes text, got ${shown(value)}`);
  }
}

/**
 * Reads rows given as objects keyed by column name or, when `lists` allows, as lists of values in
 * the signature's column order (each row either way). A missing column is refused, naming it and the row.
 */
export function rowsOf(columns: readonly SignatureColumn[], rows: readonly unknown[], what: string, lists: boolean): RequestRows {
  const values = emptyColumns(columns, rows.length);
  rows.forEach((row, r) => {
    if (lists && Array.isArray(row)) {
      if (row.length !== columns.length) throw badRequest(`${what}[${r}] has ${row.length} values, but the model reads ${columns.length} (${names(columns)})`);
      columns.forEach((column, c) => {
        setCell(column, values[c]!, r, row[c], () => `${what}[${r}][${c}]`);
      });
      return;
    }
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      throw badRequest(`${what}[${r}] must be an object of column values${lists ? ` or a list of ${columns.length} values (${names(columns)})` : ""}, got ${shown(row)}`);
    }
    columns.forEach((column, c) => {
      if (!(column.name in row)) throw badRequest(`${what}[${r}] has no column "${column.name}"; the model reads ${names(columns)}`);
      setCell(column, values[c]!, r, (row as Record<string, unknown>)[column.name], () => `${what}[${r}]`);
    });
  });
  return { count: rows.length, columns: values };
}

export function names(columns: readonly SignatureColumn[]): string {
  return columns.map((c) => `"${c.name}"`).join(", ");
}

/** A request value in an error message, cut short. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
