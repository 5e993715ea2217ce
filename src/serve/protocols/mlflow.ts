/**
 * MLflow's scoring server protocol (`POST /invocations`): a JSON object with exactly one of
 * `dataframe_split` ({columns, data}), `dataframe_records` (a list of row objects), `instances`
 * (rows, as objects or lists) or `inputs` (columns as {name: values}, or rows); or a CSV body
 * (`text/csv`) with a header row. The answer is `{"predictions": [...]}`.
 */
import { splitCsvRecord } from "../../ml/io/csv-record.ts";
import { badRequest } from "../bad-request.ts";
import { emptyColumns, names, type RequestRows, rowsOf, setCell, shown } from "../request-rows.ts";
import type { ServedVersion, SignatureColumn } from "../served-version.ts";

const FORMATS = ["dataframe_split", "dataframe_records", "instances", "inputs"] as const;

export function mlflowJsonRows(body: unknown, version: ServedVersion): RequestRows {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw badRequest(`the request must be a JSON object with one of ${FORMATS.join(", ")}, got ${shown(body)}`);
  }
  const given = FORMATS.filter((f) => f in body);
  if (given.length !== 1) {
    throw badRequest(`the request must hold exactly one of ${FORMATS.join(", ")}; it holds ${given.length === 0 ? "none" : given.join(" and ")}`);
  }
  const format = given[0]!;
  const value = (body as Record<string, unknown>)[format];
  const columns = version.columns;
  switch (format) {
    case "dataframe_split":
      return dataframeSplit(columns, value);
    case "dataframe_records":
      if (!Array.isArray(value)) throw badRequest(`"dataframe_records" must be a list of row objects, got ${shown(value)}`);
      return rowsOf(columns, value, "dataframe_records", false);
    case "instances":
      if (!Array.isArray(value)) throw badRequest(`"instances" must be a list of rows, got ${shown(value)}`);
      return rowsOf(columns, value, "instances", true);
    case "inputs":
      if (Array.isArray(value)) return rowsOf(columns, value, "inputs", true);
      return columnar(columns, value);
  }
}

function dataframeSplit(columns: readonly SignatureColumn[], split: unknown): RequestRows {
  const { columns: given, data } = (split ?? {}) as { columns?: unknown; data?: unknown };
  if (typeof split !== "object" || split === null || !Array.isArray(given) || !Array.isArray(data)) {
    throw badRequest(`"dataframe_split" must be an object {"columns": [...], "data": [[...], ...]}, got ${shown(split)}`);
  }
  const positions = columns.map((column) => {
    const at = given.indexOf(column.name);
    if (at < 0) throw badRequest(`dataframe_split has no column "${column.name}"; the model reads ${names(columns)}`);
    return at;
  });
  const values = emptyColumns(columns, data.length);
  data.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== given.length) {
      throw badRequest(`dataframe_split.data[${r}] must be a list of ${given.length} values, one per column, got ${shown(row)}`);
    }
    columns.forEach((column, c) => {
      setCell(column, values[c]!, r, row[positions[c]!], () => `dataframe_split.data[${r}][${positions[c]}]`);
    });
  });
  return { count: data.length, columns: values };
}

function columnar(columns: readonly SignatureColumn[], inputs: unknown): RequestRows {
  if (typeof inputs !== "object" || inputs === null) throw badRequest(`"inputs" must be an object of columns {"name": [values]} or a list of rows, got ${shown(inputs)}`);
  const byName = inputs as Record<string, unknown>;
  const lists = columns.map((column) => {
    const list = byName[column.name];
    if (!Array.isArray(list)) throw badRequest(`inputs has no column "${column.name}" as a list of values; the model reads ${names(columns)}`);
    return list;
  });
  const count = lists[0]?.length ?? 0;
  const values = emptyColumns(columns, count);
  columns.forEach((column, c) => {
    if (lists[c]!.length !== count) throw badRequest(`inputs column "${column.name}" has ${lists[c]!.length} values, but "${columns[0]!.name}" has ${count}`);
    lists[c]!.forEach((value, r) => {
      setCell(column, values[c]!, r, value, () => `inputs["${column.name}"][${r}]`);
    });
  });
  return { count, columns: values };
}

/** A CSV body with a header row: numbers for number columns, an empty field a missing value. */
export function mlflowCsvRows(text: string, version: ServedVersion): RequestRows {
  const lines = text.split(/\r?\n/).filter((line) => line !== "");
  if (lines.length === 0) throw badRequest("the CSV body is empty; send a header row, then one line per row");
  const header = csvFields(lines[0]!, 1);
  const columns = version.columns;
  const positions = columns.map((column) => {
    const at = header.indexOf(column.name);
    if (at < 0) throw badRequest(`the CSV header has no column "${column.name}"; the model reads ${names(columns)}`);
    return at;
  });
  const count = lines.length - 1;
  const values = emptyColumns(columns, count);
  for (let r = 0; r < count; r++) {
    const fields = csvFields(lines[r + 1]!, r + 2);
    if (fields.length !== header.length) throw badRequest(`CSV line ${r + 2} has ${fields.length} fields, the header ${header.length}`);
    columns.forEach((column, c) => {
      const field = fields[positions[c]!]!;
      const where = () => `CSV line ${r + 2}`;
      setCell(column, values[c]!, r, csvValue(column, field, where), where);
    });
  }
  return { count, columns: values };
}

/** An empty field is a missing value; a number column's field must read as a number. */
function csvValue(column: SignatureColumn, field: string, where: () => string): string | number | null {
  if (field === "") return null;
  if (column.type === "string") return field;
  const number = Number(field);
  if (Number.isNaN(number) && field.trim() !== "NaN") throw badRequest(`${where()}: column "${column.name}" takes numbers, got ${shown(field)}`);
  return number;
}

function csvFields(line: string, number: number): string[] {
  const record = splitCsvRecord(line);
  if (record.unterminatedField !== undefined) throw badRequest(`CSV line ${number}: field ${record.unterminatedField + 1} opens a quote that is never closed (quoted line breaks are not read)`);
  return record.fields;
}
