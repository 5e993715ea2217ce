import type { DuckDBConnection } from "@duckdb/node-api";
import type { ColumnType, Table } from "../table.ts";
import { csvErrorFromDuckDb } from "./csv-duckdb-error.ts";
import { readCsvHeader } from "./csv-header.ts";
import { withConnection } from "./duckdb.ts";
import { queryTable } from "./result-table.ts";
import { sqlIdentifier, sqlString } from "./sql.ts";

/**
 * Reads a comma-separated file with a header row into a table.
 * A column is "number" when every non-empty value parses as a number, else "string";
 * empty values are missing. Malformed input (ragged rows, unbalanced quotes, bad UTF-8)
 * is a CsvReadError naming the file, line and column; no row is ever skipped.
 */
export async function readCsv(path: string): Promise<Table> {
  const names = await readCsvHeader(path);
  return withConnection(async (connection) => {
    await loadAsText(connection, path, names);
    const types = await inferColumnTypes(connection, names);
    const select = names.map((name, i) =>
      types[i] === "number"
        ? `TRY_CAST(${sqlIdentifier(name)} AS DOUBLE) AS ${sqlIdentifier(name)}`
        : sqlIdentifier(name),
    );
    return queryTable(connection, `SELECT ${select.join(", ")} FROM raw_csv`, types);
  });
}

/** Every column as VARCHAR, with the dialect fixed so DuckDB neither guesses nor forgives. */
async function loadAsText(
  connection: DuckDBConnection,
  path: string,
  names: readonly string[],
): Promise<void> {
  const columns = names.map((name) => `${sqlString(name)}: 'VARCHAR'`).join(", ");
  const options = [
    "header = true",
    "auto_detect = false",
    `columns = {${columns}}`,
    "delim = ','",
    `quote = '"'`,
    `escape = '"'`,
    "skip = 0",
    "strict_mode = true",
    "ignore_errors = false",
    "null_padding = false",
  ];
  try {
    await connection.run(
      `CREATE TEMP TABLE raw_csv AS SELECT * FROM read_csv(${sqlString(path)}, ${options.join(", ")})`,
    );
  } catch (error) {
    throw csvErrorFromDuckDb(error, path, names);
  }
}

async function inferColumnTypes(
  connection: DuckDBConnection,
  names: readonly string[],
): Promise<ColumnType[]> {
  const checks = names.map((name) => {
    const column = sqlIdentifier(name);
    return `bool_and(${column} IS NULL OR TRY_CAST(${column} AS DOUBLE) IS NOT NULL)`;
  });
  const reader = await connection.runAndReadAll(`SELECT ${checks.join(", ")} FROM raw_csv`);
  // bool_and over no rows is NULL: a column with no values at all counts as numeric.
  return (reader.getRows()[0] ?? []).map((allNumeric) =>
    allNumeric === false ? "string" : "number",
  );
}
