import { type ColumnType, isMissing, type Table } from "./table.ts";

export interface ColumnSchema {
  readonly name: string;
  readonly type: ColumnType;
  /** Observed, not declared: true when at least one value is missing. */
  readonly nullable: boolean;
}

export interface TableSchema {
  readonly columns: readonly ColumnSchema[];
  readonly rowCount: number;
}

/** The table's shape as recorded with a dataset artifact and checked by validation. */
export function describeTable(table: Table): TableSchema {
  const columns = table.columns.map((column) => {
    let nullable = false;
    for (let row = 0; row < table.rowCount && !nullable; row++) nullable = isMissing(column, row);
    return { name: column.name, type: column.type, nullable };
  });
  return { columns, rowCount: table.rowCount };
}
