import { ConveyorError } from "../errors.ts";

/**
 * A column-oriented in-memory table: what every ML building block reads and writes.
 *
 * Missing values: a number column holds NaN, a string column holds null. We use NaN rather
 * than a separate null mask because every numeric kernel has to treat NaN as "no value"
 * anyway, and a mask would be a second source of truth to keep in step with the values.
 * The price is that a NaN read from a file is indistinguishable from a missing value (and
 * is written back as NULL), which is what pandas users expect.
 */
export interface NumberColumn {
  readonly name: string;
  readonly type: "number";
  readonly values: Float64Array;
}

export interface StringColumn {
  readonly name: string;
  readonly type: "string";
  readonly values: readonly (string | null)[];
}

export type Column = NumberColumn | StringColumn;
export type ColumnType = Column["type"];

export interface Table {
  readonly columns: readonly Column[];
  readonly rowCount: number;
}

/** Builds a table, refusing duplicate names and columns of different lengths. */
export function createTable(columns: readonly Column[]): Table {
  const rowCount = columns[0]?.values.length ?? 0;
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column.name)) throw new RangeError(`duplicate column name "${column.name}"`);
    seen.add(column.name);
    if (column.values.length !== rowCount) {
      throw new RangeError(
        `column "${column.name}" has ${column.values.length} values, expected ${rowCount}`,
      );
    }
  }
  return { columns, rowCount };
}

/** Looks a column up by name; an unknown name is a user error that lists the real ones. */
export function getColumn(table: Table, name: string): Column {
  const column = table.columns.find((c) => c.name === name);
  if (column) return column;
  const names = table.columns.map((c) => `"${c.name}"`).join(", ");
  throw new ConveyorError(
    `no column named "${name}"`,
    `the table has columns ${names}`,
    "unknown_column",
  );
}

export function getNumberColumn(table: Table, name: string): NumberColumn {
  const column = getColumn(table, name);
  if (column.type === "number") return column;
  throw new ConveyorError(
    `column "${name}" holds strings, a number column is needed here`,
    "convert or encode the column to numbers first",
    "invalid_data",
  );
}

export function isMissing(column: Column, row: number): boolean {
  const value = column.values[row];
  return column.type === "number" ? Number.isNaN(value) : value === null;
}
