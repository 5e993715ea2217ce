import { createReadStream } from "node:fs";
import type { CsvDialect } from "./csv-header.ts";
import { CsvReadError } from "./csv-read-error.ts";

const lf = 0x0a;
const cr = 0x0d;
const quote = 0x22;
const names = { "\n": "LF (\\n)", "\r\n": "CRLF (\\r\\n)", "\r": "CR (\\r)" } as const;
type LineBreak = keyof typeof names;

/**
 * DuckDB's strict parser stops with "the CSV Parser state machine reached an invalid state",
 * naming no line, when a file mixes line breaks (e.g. one LF row appended to a CRLF file).
 * This turns that error into a CsvReadError naming the first record whose line break differs
 * from the first record's; any other error is returned as it is. Only read on that error path.
 */
export async function lineBreakError(error: unknown, file: string, { header }: CsvDialect): Promise<unknown> {
  if (!(error instanceof Error && error.message.includes("state machine reached an invalid state"))) return error;
  const mixed = await findMixedLineBreak(file);
  if (!mixed) {
    return new CsvReadError(
      { file },
      "the file is not RFC 4180 CSV, and DuckDB's parser does not say where",
      "check the quoting and line breaks, or re-export the file as CSV",
    );
  }
  return new CsvReadError(
    { file, line: mixed.line, header },
    `the row ends with ${names[mixed.found]}, but the rows before it with ${names[mixed.expected]}`,
    "use one kind of line break in the whole file (e.g. convert it with dos2unix or unix2dos)",
  );
}

/** The first record (counted from 1) whose line break is not the first record's, outside quotes. */
async function findMixedLineBreak(
  file: string,
): Promise<{ line: number; found: LineBreak; expected: LineBreak } | undefined> {
  let expected: LineBreak | undefined;
  let line = 1;
  let quoted = false;
  let afterCr = false;
  const ended = (found: LineBreak) => {
    expected ??= found;
    if (found !== expected) return { line, found, expected };
    line++;
    return undefined;
  };
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (const byte of chunk) {
      if (afterCr) {
        afterCr = false;
        const mixed = ended(byte === lf ? "\r\n" : "\r");
        if (mixed) return mixed;
        if (byte === lf) continue;
      }
      if (byte === quote) quoted = !quoted;
      else if (quoted) continue;
      else if (byte === cr) afterCr = true;
      else if (byte === lf) {
        const mixed = ended("\n");
        if (mixed) return mixed;
      }
    }
  }
  return afterCr ? ended("\r") : undefined;
}
