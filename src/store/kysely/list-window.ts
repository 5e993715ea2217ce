/** Reads only a window of a list: LIMIT and OFFSET, the same on SQLite and PostgreSQL. */
import type { SelectQueryBuilder } from "kysely";
import type { ListWindow } from "../types.ts";

export function inWindow<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, window: ListWindow | undefined): SelectQueryBuilder<DB, TB, O> {
  return window ? query.limit(window.limit).offset(window.offset) : query;
}
