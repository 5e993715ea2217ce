import { open } from "node:fs/promises";
import { ConveyorError } from "../../errors.ts";
import { CsvReadError } from "./csv-read-error.ts";
import { splitCsvRecord } from "./csv-record.ts";

// A header longer than this is surely not a header (or not a CSV file).
const maxHeaderBytes = 1 << 20;
const newline = 0x0a;
const carriageReturn = 0x0d;
const quote = 0x22;

/** How a CSV file is laid out; the defaults are RFC 4180's. */
export interface CsvDialect {
  /** The one character between fields (default ","). */
  readonly delimiter: string;
  /** Whether the first record names the columns (default true); without one they are column_1, column_2, ... */
  readonly header: boolean;
}

/**
 * Reads the column names from the first record of a CSV file (or, without a header, counts
 * its fields). We read it ourselves because DuckDB's dialect sniffer, on a malformed file,
 * fails without saying where; given the names, read_csv runs without sniffing and reports
 * the line.
 */
export async function readCsvHeader(path: string, { delimiter, header }: CsvDialect): Promise<string[]> {
  const text = decodeFirstRecord(path, await readFirstRecord(path), delimiter, header);
  if (text.trim() === "") {
    throw new CsvReadError(
      { file: path },
      "the file is empty or starts with a blank line",
      header ? "a CSV file starts with a header row naming its columns" : "a CSV file starts with its first row",
    );
  }
  const { fields, unterminatedField } = splitCsvRecord(text, delimiter);
  if (unterminatedField !== undefined) {
    throw new CsvReadError(
      { file: path, line: 1, header },
      `${header ? "the name" : "the value"} of column ${unterminatedField + 1} opens a quote that is never closed`,
      'close the quote, or write "" for a quote inside a quoted value',
    );
  }
  if (!header) return fields.map((_, i) => `column_${i + 1}`);
  checkNames(path, fields);
  return fields;
}

function checkNames(path: string, names: readonly string[]): void {
  // Each name's first column, so a wide header is checked in one pass (indexOf was quadratic).
  const firstColumn = new Map<string, number>();
  names.forEach((name, i) => {
    if (name.trim() === "") {
      throw new CsvReadError(
        { file: path, line: 1 },
        `column ${i + 1} has no name`,
        "give every column a name",
      );
    }
    const first = firstColumn.get(name);
    if (first !== undefined) {
      throw new CsvReadError(
        { file: path, line: 1, column: name },
        `the name is used by columns ${first + 1} and ${i + 1}`,
        "give every column a distinct name",
      );
    }
    firstColumn.set(name, i);
  });
}

/** The bytes before the first line break (LF, CRLF or a lone CR) that is not inside quotes. */
async function readFirstRecord(path: string): Promise<Buffer> {
  const file = await open(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT")
      throw new ConveyorError(`no such file: ${path}`, "check the path", "not_found");
    throw error;
  });
  try {
    const buffer = Buffer.alloc(maxHeaderBytes);
    const { bytesRead } = await file.read(buffer, 0, maxHeaderBytes, 0);
    let quoted = false;
    let end = 0;
    while (end < bytesRead && (quoted || (buffer[end] !== newline && buffer[end] !== carriageReturn))) {
      if (buffer[end] === quote) quoted = !quoted;
      end++;
    }
    if (end === maxHeaderBytes) {
      throw new CsvReadError(
        { file: path, line: 1 },
        "the header row is longer than 1 MiB",
        "is this a CSV file?",
      );
    }
    return buffer.subarray(0, end);
  } finally {
    await file.close();
  }
}

/**
 * The first record's text without BOM, refusing bytes that are not UTF-8 as DuckDB
 * refuses them in the data rows (decoding leniently would put U+FFFD in a column name).
 */
function decodeFirstRecord(path: string, bytes: Uint8Array, delimiter: string, header: boolean): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const fields = splitCsvRecord(new TextDecoder().decode(bytes), delimiter).fields;
    const column = fields.findIndex((field) => field.includes("\uFFFD")) + 1;
    throw new CsvReadError(
      { file: path, line: 1, header },
      `${header ? "the name" : "the value"} of column ${column} is not UTF-8 encoded`,
      "re-export the file as UTF-8 CSV",
    );
  }
  return text.replace(/^\uFEFF/, "");
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
