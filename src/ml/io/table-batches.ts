import { stat } from "node:fs/promises";
import type { DuckDBConnection, DuckDBDataChunk } from "@duckdb/node-api";
import { ConveyorError } from "../../errors.ts";
import { type Column, type ColumnType, createTable, type Table } from "../table.ts";
import { csvErrorFromDuckDb } from "./csv-duckdb-error.ts";
import { type CsvDialect, readCsvHeader } from "./csv-header.ts";
import { lineBreakError } from "./csv-line-breaks.ts";
import { CsvReadError } from "./csv-read-error.ts";
import { csvTextRelation } from "./csv-relation.ts";
import { withConnection } from "./duckdb.ts";
import { sqlIdentifier, sqlString } from "./sql.ts";
import { describeSource, sourceColumnType, typedColumn } from "./typed-source.ts";

/** A CSV file (header row, comma-separated) or a Parquet file. */
export interface TableFile {
  readonly path: string;
  readonly format: "csv" | "parquet";
}

/** A column of the file: its type when the file records one (Parquet); a CSV's columns have none. */
export interface FileColumn {
  readonly name: string;
  readonly type?: ColumnType;
}

/** A column to read, and as which type. */
export interface ReadColumn {
  readonly name: string;
  readonly type: ColumnType;
}

const csvDialect: CsvDialect = { delimiter: ",", header: true };

/**
 * Streams columns of a file through DuckDB in tables of at most `batchRows` rows, in file
 * order, each handed to `onBatch` before the next is read: memory holds one batch, whatever
 * the file's size. `choose` sees the file's columns and picks those to read: a Parquet column
 * is read as readParquet reads it, a CSV column as the type chosen, so a CSV value that is not
 * a number in a "number" column is an error naming its line and column. Returns the rows read.
 */
export async function forEachBatch(
  file: TableFile,
  choose: (columns: readonly FileColumn[]) => readonly ReadColumn[],
  batchRows: number,
  onBatch: (batch: Table) => Promise<void>,
): Promise<number> {
  await stat(file.path).catch(() => {
    throw new ConveyorError(`no such file: ${file.path}`, "check the path", "not_found");
  });
  return withConnection(async (connection) => {
    const source = file.format === "csv" ? await csvSource(file.path) : await parquetSource(connection, file.path);
    const wanted = choose(source.columns);
    const missing = wanted.find((w) => !source.columns.some((c) => c.name === w.name));
    if (missing) throw new Error(`forEachBatch was asked for column "${missing.name}", which ${file.path} lacks`);
    const result = await source.failing(() => connection.stream(source.select(wanted)));
    const batch = new BatchBuilder(wanted, batchRows);
    let rows = 0;
    for (;;) {
      const chunk = await source.failing(() => result.fetchChunk());
      if (!chunk || chunk.rowCount === 0) break;
      source.check?.(chunk, wanted.length, rows);
      rows += chunk.rowCount;
      for (const full of batch.add(chunk)) await onBatch(full);
    }
    const rest = batch.flush();
    if (rest) await onBatch(rest);
    return rows;
  });
}

interface Source {
  columns: FileColumn[];
  select(wanted: readonly ReadColumn[]): string;
  /** Runs a step of the query, turning DuckDB's errors into the user's. */
  failing<T>(step: () => Promise<T>): Promise<T>;
  /** Refuses a chunk holding a value the query could not read (the extra column after `wanted`). */
  check?(chunk: DuckDBDataChunk, extra: number, firstRow: number): void;
}

async function parquetSource(connection: DuckDBConnection, path: string): Promise<Source> {
  const relation = `read_parquet(${sqlString(path)})`;
  const unreadable = (error: unknown): never => {
    const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    throw new ConveyorError(`${path} is not a readable Parquet file: ${reason}`, "re-create the file", "invalid_data");
  };
  const described = await describeSource(connection, relation).catch(unreadable);
  const sqlTypes = new Map(described.map((c) => [c.name, c.sqlType]));
  return {
    columns: described.map((c) => ({ name: c.name, type: sourceColumnType(c.sqlType) })),
    select: (wanted) => `SELECT ${wanted.map((c) => typedColumn(c.name, sqlTypes.get(c.name) ?? "")).join(", ")} FROM ${relation}`,
    failing: (step) => step().catch(unreadable),
  };
}

/**
 * Every CSV column is read as text with readCsv's strict dialect; a "number" column is cast as
 * readCsv casts it. One more column names the first value of a row that is not a number.
 */
async function csvSource(path: string): Promise<Source> {
  const names = await readCsvHeader(path, csvDialect);
  const relation = csvTextRelation(path, names, csvDialect);
  let numbers: ReadColumn[] = [];
  return {
    columns: names.map((name) => ({ name })),
    select(wanted) {
      numbers = wanted.filter((c) => c.type === "number");
      const notNumber = (c: ReadColumn) => `${sqlIdentifier(c.name)} IS NOT NULL AND TRY_CAST(${sqlIdentifier(c.name)} AS DOUBLE) IS NULL`;
      const firstBad = numbers.length === 0 ? "NULL" : `CASE ${numbers.map((c, i) => `WHEN ${notNumber(c)} THEN '${i}:' || ${sqlIdentifier(c.name)}`).join(" ")} END`;
      const columns = wanted.map((c) =>
        c.type === "number" ? `TRY_CAST(${sqlIdentifier(c.name)} AS DOUBLE) AS ${sqlIdentifier(c.name)}` : sqlIdentifier(c.name),
      );
      return `SELECT ${[...columns, firstBad].join(", ")} FROM ${relation}`;
    },
    async failing(step) {
      try {
        return await step();
      } catch (error) {
        throw csvErrorFromDuckDb(await lineBreakError(error, path, csvDialect), path, names, csvDialect);
      }
    },
    check(chunk, extra, firstRow) {
      const vector = chunk.getColumnVector(extra);
      for (let row = 0; row < chunk.rowCount; row++) {
        const bad = vector.getItem(row);
        if (bad === null) continue;
        const text = String(bad);
        const colon = text.indexOf(":");
        const name = numbers[Number(text.slice(0, colon))]?.name;
        throw new CsvReadError(
          { file: path, line: firstRow + row + 2, column: name },
          `${JSON.stringify(text.slice(colon + 1))} is not a number, and "${name}" is read as a number column`,
          `fix the value, or leave it empty if it is missing`,
        );
      }
    },
  };
}

/** Gathers DuckDB's chunks (2,048 rows) into tables of `batchRows` rows. */
class BatchBuilder {
  private numbers: Float64Array[] = [];
  private strings: (string | null)[][] = [];
  private filled = 0;

  constructor(
    private readonly columns: readonly ReadColumn[],
    private readonly batchRows: number,
  ) {
    this.reset();
  }

  /** The batches this chunk completes (one chunk may complete several small ones). */
  *add(chunk: DuckDBDataChunk): Generator<Table> {
    let row = 0;
    while (row < chunk.rowCount) {
      const take = Math.min(chunk.rowCount - row, this.batchRows - this.filled);
      this.columns.forEach((column, c) => {
        const vector = chunk.getColumnVector(c);
        if (column.type === "number") {
          const values = this.numbers[c] as Float64Array;
          for (let i = 0; i < take; i++) {
            const value = vector.getItem(row + i);
            values[this.filled + i] = value === null ? Number.NaN : Number(value);
          }
        } else {
          const values = this.strings[c] as (string | null)[];
          for (let i = 0; i < take; i++) {
            const value = vector.getItem(row + i);
            values[this.filled + i] = value === null ? null : String(value);
          }
        }
      });
      this.filled += take;
      row += take;
      if (this.filled === this.batchRows) {
        yield this.table(this.filled);
        this.reset();
      }
    }
  }

  /** The last, partial batch, if any rows are left. */
  flush(): Table | undefined {
    return this.filled === 0 ? undefined : this.table(this.filled);
  }

  private table(rows: number): Table {
    return createTable(
      this.columns.map((column, c): Column =>
        column.type === "number"
          ? { name: column.name, type: "number", values: (this.numbers[c] as Float64Array).subarray(0, rows) }
          : { name: column.name, type: "string", values: (this.strings[c] as (string | null)[]).slice(0, rows) },
      ),
    );
  }

  private reset(): void {
    this.numbers = this.columns.map((c) => (c.type === "number" ? new Float64Array(this.batchRows) : new Float64Array(0)));
    this.strings = this.columns.map((c) => (c.type === "string" ? new Array<string | null>(this.batchRows) : []));
    this.filled = 0;
  }
}
