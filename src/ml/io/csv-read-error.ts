import { ConveyorError } from "../../errors.ts";

/**
 * Where in a CSV file something is wrong. `line` counts records from 1: the header, or the
 * first data row in a file without one (`header: false`).
 */
export interface CsvLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: string;
  /** Whether line 1 is a header (default true). */
  readonly header?: boolean;
}

/** Malformed CSV input: the message names the file, line (and data row) and column. */
export class CsvReadError extends ConveyorError {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: string | undefined;

  constructor(location: CsvLocation, problem: string, hint: string) {
    super(`${describeLocation(location)}: ${problem}`, hint, "invalid_data");
    this.file = location.file;
    this.line = location.line;
    this.column = location.column;
  }
}

function describeLocation({ file, line, column, header = true }: CsvLocation): string {
  const parts = [file];
  if (line !== undefined) {
    // Data rows count from 1 here, as a spreadsheet shows them.
    if (!header) parts.push(`line ${line} (data row ${line})`);
    else parts.push(line === 1 ? "line 1 (the header)" : `line ${line} (data row ${line - 1})`);
  }
  if (column !== undefined) parts.push(`column "${column}"`);
  return parts.join(", ");
}
