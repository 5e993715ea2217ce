import type { CsvDialect } from "./csv-header.ts";
import { sqlString } from "./sql.ts";

/**
 * The DuckDB relation that reads a CSV file with every column as VARCHAR, its dialect fixed
 * so DuckDB neither guesses nor forgives: a malformed row is an error, never skipped. The
 * names come from readCsvHeader; errors go through csvErrorFromDuckDb to name the line.
 */
export function csvTextRelation(path: string, names: readonly string[], dialect: CsvDialect): string {
  const columns = names.map((name) => `${sqlString(name)}: 'VARCHAR'`).join(", ");
  const options = [
    `header = ${dialect.header}`,
    "auto_detect = false",
    `columns = {${columns}}`,
    `delim = ${sqlString(dialect.delimiter)}`,
    `quote = '"'`,
    `escape = '"'`,
    "skip = 0",
    "strict_mode = true",
    "ignore_errors = false",
    "null_padding = false",
  ];
  return `read_csv(${sqlString(path)}, ${options.join(", ")})`;
}
