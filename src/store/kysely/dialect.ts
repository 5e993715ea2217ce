import type { ColumnDataType, Expression, Kysely, RawBuilder } from "kysely";
import type { Tables } from "./tables.ts";

/** What `addColumn` accepts as a type (Kysely does not export the name). */
export type DataTypeExpression = ColumnDataType | Expression<unknown>;

/** Column types the migrations use; each backend maps them to its own. */
export interface ColumnTypes {
  /** Ids and references to them; must compare byte-wise so `order by id` is creation order. */
  id: DataTypeExpression;
  json: DataTypeExpression;
  /** Epoch milliseconds and byte sizes. */
  int64: DataTypeExpression;
  float: DataTypeExpression;
  /** An increasing integer primary key assigned by the database. */
  serial: DataTypeExpression;
}

/** The few things that differ between SQLite and Postgres; all queries are shared. */
export interface StoreDialect {
  readonly types: ColumnTypes;
  /**
   * `column` to order by, compared by Unicode code point (byte-wise UTF-8) on both backends:
   * Postgres would otherwise order by the database's collation, SQLite by code point.
   */
  byCodePoint(column: string): RawBuilder<string>;
  /**
   * A parenthesised subquery of the given strings, bound as one parameter however many
   * there are (`x in <it>`): a page of runs' ids, where a list of parameters would hit the
   * statement's limit and re-running the search as a subquery costs as much as the search.
   */
  stringList(values: readonly string[]): RawBuilder<unknown>;
  /** Tables in the store's namespace (the SQLite file, or the Postgres schema). */
  listTables(db: Kysely<Tables>): Promise<string[]>;
  /**
   * Runs first in the migration transaction: makes concurrent openers of the same database
   * migrate one after the other, and creates the namespace if it is missing.
   */
  prepareMigration(trx: Kysely<Tables>): Promise<void>;
  /**
   * Runs first in a log-append transaction. Readers follow logs by id, which only works if a
   * row never becomes visible after a row with a larger id; concurrent writers must commit
   * in id order.
   */
  serializeLogAppends(trx: Kysely<Tables>): Promise<void>;
  /**
   * Inserts rows (all with the same columns) into `table` within the transaction `trx`: a
   * run's tasks, or the iterations of a loop. One statement holding every value, as Kysely
   * builds it, costs more to build than to run; SQLite runs one prepared row at a time instead.
   */
  insertRows<T extends keyof Tables>(trx: Kysely<Tables>, table: T, rows: readonly Tables[T][]): Promise<void>;
}
