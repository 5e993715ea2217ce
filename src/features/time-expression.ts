import { sqlIdentifier } from "../ml/io/sql.ts";
import { sourceColumnType } from "../ml/io/typed-source.ts";

/** A column read as a TIMESTAMP: numbers are milliseconds since the epoch, anything else is cast. */
export function timestampOf(column: string, sqlType: string): string {
  const name = sqlIdentifier(column);
  return sourceColumnType(sqlType) === "number" ? `epoch_ms(CAST(${name} AS BIGINT))` : `CAST(${name} AS TIMESTAMP)`;
}
