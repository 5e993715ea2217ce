import type { Json } from "../../json.ts";
import type { SegmentColumn } from "./segment-file.ts";

/**
 * A column of JSON values as a segment keeps it: numbers (and nulls) as DOUBLE, so monitors
 * compute on them; anything else as text, strings as they are and other values as their JSON.
 * Booleans are text too ("true"), as a reader in pandas or DuckDB shows them.
 */
export function jsonColumn(name: string, values: readonly (Json | undefined)[]): SegmentColumn {
  if (values.every((v) => v === null || v === undefined || typeof v === "number")) {
    return { name, stored: "DOUBLE", values: values.map((v) => (v === undefined ? null : (v as number | null))) };
  }
  return {
    name,
    stored: "VARCHAR",
    values: values.map((v) => (v === null || v === undefined ? null : typeof v === "string" ? v : JSON.stringify(v))),
  };
}
