import type { DuckDBConnection } from "@duckdb/node-api";
import { ConveyorError } from "../../errors.ts";
import type { ColumnType, Table } from "../table.ts";
import { csvErrorFromDuckDb } from "./csv-duckdb-error.ts";
import { type CsvDialect, readCsvHeader } from "./csv-header.ts";
import { lineBreakError } from "./csv-line-breaks.ts";
import { CsvReadError } from "./csv-read-error.ts";
import { withConnection } from "./duckdb.ts";
import { queryTable } from "./result-table.ts";
import { csvTextRelation } from "./csv-relation.ts";
import { sqlIdentifier } from "./sql.ts";

export interface CsvOptions {
  /** The one character between fields (default ","; e.g. ";" or "\t"). */
  readonly delimiter?: string;
  /** Whether the first row names the columns (default true); without one they are column_1, column_2, ... */
  readonly header?: boolean;
  /**
   * Column types that replace inference: "number" makes any value that is not a number an
   * error naming its row and column; "string" keeps values such as zip codes as text.
   */
  readonly schema?: Readonly<Record<string, ColumnType>>;
}

/**
 * Reads a delimited text file into a table.
 * A column is "number" when every non-empty value parses as a number, else "string" (unless
 * `schema` says otherwise); empty values are missing. Malformed input (ragged rows,
 * unbalanced quotes, bad UTF-8) is a CsvReadError naming the file, line and column; no row is
 * ever skipped.
 */
export async function readCsv(path: string, options: CsvOptions = {}): Promise<Table> {
  const dialect = { delimiter: checkDelimiter(options.delimiter ?? ","), header: options.header ?? true };
  const names = await readCsvHeader(path, dialect);
  const schema = options.schema ?? {};
  checkSchema(schema, names);
  return withConnection(async (connection) => {
    await loadAsText(connection, path, names, dialect);
    const inferred = await inferColumnTypes(connection, names);
    const types = names.map((name, i) => schema[name] ?? inferred[i]!);
    for (const [i, name] of names.entries()) {
      if (types[i] === "number" && inferred[i] === "string") await refuseText(connection, path, name, dialect);
    }
    const select = names.map((name, i) =>
      types[i] === "number"
        ? `TRY_CAST(${sqlIdentifier(name)} AS DOUBLE) AS ${sqlIdentifier(name)}`
        : sqlIdentifier(name),
    );
    return queryTable(connection, `SELECT ${select.join(", ")} FROM raw_csv`, types);
  });
}

/** Every column as VARCHAR (see csvTextRelation). */
async function loadAsText(
  connection: DuckDBConnection,
  path: string,
  names: readonly string[],
  dialect: CsvDialect,
): Promise<void> {
  try {
    await connection.run(`CREATE TEMP TABLE raw_csv AS SELECT * FROM ${csvTextRelation(path, names, dialect)}`);
  } catch (error) {
    throw csvErrorFromDuckDb(await lineBreakError(error, path, dialect), path, names, dialect);
  }
}

/**
 * A column is numeric when every non-missing value casts to DOUBLE. The check runs over the
 * unpivoted cells (one row per value), grouped by column: one aggregate per column in a single
 * SELECT made DuckDB's planning quadratic in the number of columns (10,000 columns: minutes).
 */
async function inferColumnTypes(
  connection: DuckDBConnection,
  names: readonly string[],
): Promise<ColumnType[]> {
  const reader = await connection.runAndReadAll(
    `SELECT name, bool_and(TRY_CAST(value AS DOUBLE) IS NOT NULL) FROM (UNPIVOT raw_csv ON COLUMNS(*) INTO NAME name VALUE value) GROUP BY name`,
  );
  const allNumeric = new Map(reader.getRows().map(([name, numeric]) => [String(name), numeric === true]));
  // UNPIVOT leaves out missing values: a column with no values at all counts as numeric.
  return names.map((name) => (allNumeric.get(name) === false ? "string" : "number"));
}

/** A column the schema declares numeric holds text: name the first such value by line and column. */
async function refuseText(connection: DuckDBConnection, path: string, name: string, dialect: CsvDialect): Promise<never> {
  const column = sqlIdentifier(name);
  const reader = await connection.runAndReadAll(
    `SELECT rowid, ${column} FROM raw_csv WHERE ${column} IS NOT NULL AND TRY_CAST(${column} AS DOUBLE) IS NULL ORDER BY rowid LIMIT 1`,
  );
  const [rowid, value] = reader.getRows()[0] ?? [0, ""];
  throw new CsvReadError(
    { file: path, line: Number(rowid) + (dialect.header ? 2 : 1), column: name, header: dialect.header },
    `${JSON.stringify(String(value))} is not a number, but the schema declares "${name}" a number column`,
    `fix the value, leave it empty if it is missing, or declare "${name}" a string column`,
  );
}

function checkDelimiter(delimiter: string): string {
  if ([...delimiter].length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") {
    throw new ConveyorError(
      `delimiter ${JSON.stringify(delimiter)} is not a single character other than a quote or a line break`,
      `give one character, e.g. ",", ";" or "\\t"`,
      "invalid_param",
    );
  }
  return delimiter;
}

function checkSchema(schema: Readonly<Record<string, ColumnType>>, names: readonly string[]): void {
  for (const [name, type] of Object.entries(schema)) {
    if (!names.includes(name)) {
      throw new ConveyorError(
        `the schema names column "${name}", which the file does not have`,
        `the columns are: ${names.map((n) => `"${n}"`).join(", ")}`,
        "unknown_column",
      );
    }
    if (type !== "number" && type !== "string") {
      throw new ConveyorError(
        `the schema gives column "${name}" type ${JSON.stringify(type)}`,
        `use "number" or "string"`,
        "invalid_param",
      );
    }
  }
}
