import type { CsvDialect } from "./csv-header.ts";
import { CsvReadError } from "./csv-read-error.ts";
import { splitCsvRecord } from "./csv-record.ts";

/**
 * Turns DuckDB's read_csv error (which names the line but not the column, and suggests
 * DuckDB options our users never see) into a CsvReadError. Anything else is passed on.
 */
export function csvErrorFromDuckDb(
  error: unknown,
  file: string,
  names: readonly string[],
  { delimiter, header }: CsvDialect,
): unknown {
  const message = error instanceof Error ? error.message : "";
  const lineMatch = /CSV Error on Line: (\d+)/.exec(message);
  if (!lineMatch) return error;
  const line = Number(lineMatch[1]);

  const counts = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  if (counts) {
    const found = Number(counts[2]);
    const problem = header
      ? `found ${found} values, but the header names ${names.length} columns (${names.join(", ")})`
      : `found ${found} values, but the first row has ${names.length}`;
    if (found < names.length) {
      return new CsvReadError(
        { file, line, column: names[found], header },
        problem,
        "leave a value empty (,,) rather than dropping it",
      );
    }
    return new CsvReadError(
      { file, line, header },
      problem,
      "quote values that contain the delimiter, or name the extra columns",
    );
  }

  if (message.includes("unterminated quote")) {
    const original =
      /Original Line: ([\s\S]*?)\n\s*\nValue with unterminated quote/.exec(message)?.[1] ?? "";
    const field = splitCsvRecord(original, delimiter).unterminatedField;
    return new CsvReadError(
      { file, line, column: field === undefined ? undefined : names[field], header },
      'a quoted value is never closed (unbalanced ")',
      'close the quote, or write "" for a quote inside a quoted value',
    );
  }

  const reason =
    message.split("\n").find((text, i) => i > 1 && text.trim() !== "") ?? "malformed row";
  return new CsvReadError(
    { file, line, header },
    reason.trim(),
    "fix the row, or re-export the file as UTF-8 CSV",
  );
}
