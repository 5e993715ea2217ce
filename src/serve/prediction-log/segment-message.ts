/**
 * A segment's columns as they cross to the writer thread: numbers as Float64Arrays moved (not
 * copied) with the message, and a text column as one string and the end of each value in it, so
 * that posting 100,000 request ids costs the event loop one string copy rather than 100,000.
 */
import type { SegmentColumn, StoredType } from "./segment-file.ts";

export type PackedColumn =
  | { readonly name: string; readonly stored: "VARCHAR"; readonly text: string; readonly ends: Int32Array; readonly nulls: Uint8Array }
  | { readonly name: string; readonly stored: Exclude<StoredType, "VARCHAR">; readonly numbers: Float64Array };

/** The columns packed, and the buffers to move with them. */
export function packColumns(columns: readonly SegmentColumn[]): { packed: PackedColumn[]; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const packed = columns.map((column): PackedColumn => {
    if (column.stored === "VARCHAR") {
      const { values } = column;
      const ends = new Int32Array(values.length);
      const nulls = new Uint8Array(values.length);
      let end = 0;
      for (let i = 0; i < values.length; i++) {
        const value = values[i];
        if (value === null || value === undefined) nulls[i] = 1;
        else end += value.length;
        ends[i] = end;
      }
      transfer.push(ends.buffer, nulls.buffer);
      return { name: column.name, stored: "VARCHAR", text: values.join(""), ends, nulls };
    }
    // A copy of its own, moved with the message: the log's arrays are larger than the segment and go on growing.
    const numbers = column.values instanceof Float64Array ? column.values.slice() : Float64Array.from(column.values, (v) => v ?? Number.NaN);
    transfer.push(numbers.buffer as ArrayBuffer);
    return { name: column.name, stored: column.stored, numbers };
  });
  return { packed, transfer };
}

/** The columns back as the writer takes them (NaN: missing). */
export function unpackColumns(packed: readonly PackedColumn[]): SegmentColumn[] {
  return packed.map((column): SegmentColumn => {
    if (column.stored !== "VARCHAR") return { name: column.name, stored: column.stored, values: column.numbers };
    const { text, ends, nulls } = column;
    const values = new Array<string | null>(ends.length);
    let start = 0;
    for (let i = 0; i < ends.length; i++) {
      values[i] = nulls[i] ? null : text.slice(start, ends[i]);
      start = ends[i]!;
    }
    return { name: column.name, stored: "VARCHAR", values };
  });
}
